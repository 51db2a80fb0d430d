"""A real SMTP server on localhost for the tests (aiosmtpd), collecting what it is sent.

It can refuse chosen recipients (`refuse[address] = "550 …"` or a 4xx for "try later") and be stopped
and started again on the same port, for the outage tests. Tests read `messages` (parsed with the
standard library, as a mail client would) and wait on them with `wait_for`.
"""

from __future__ import annotations

import email
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests import pgserver


@dataclass
class Received:
    rcpt: list[str]
    message: EmailMessage


@dataclass
class _Handler:
    server: SmtpServer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        refusal = self.server.refuse.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=default)
        with self.server.lock:
            self.server.messages.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int = field(default_factory=pgserver.free_port)
    messages: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def start(self) -> None:
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
        self.refuse.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.messages if address in r.rcpt]

    def wait_for(self, address: str, subject_part: str, timeout: float = 60) -> EmailMessage:
        """The first message to `address` whose subject holds `subject_part`, once it has arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.to(address):
                if subject_part in message["Subject"]:
                    return message
            time.sleep(0.2)
        raise TimeoutError(f"no message to {address} about {subject_part!r}; got "
                           f"{[m['Subject'] for m in self.to(address)]}")  # fmt: skip
