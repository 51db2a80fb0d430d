"""Addresses and header text: what may go into an email's To and Subject.

An address is checked when it enters the portal (a reporter's contact email, a follower's), so a bad one
is a message on the form, never a failure in the worker. Header text made from what people typed (a
report's title, a display name) loses line breaks and control characters: a CR/LF there would start a
new header ("Bcc: …"), which is header injection.
"""

from __future__ import annotations

import re
import unicodedata

from portal.i18n import _

# One local part and a dotted domain, no spaces, quotes, angle brackets or commas: the plain addresses
# people type. Stricter than RFC 5322 on purpose: quoted local parts are legal and never legitimate here.
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                      r"[A-Za-z]{2,63}$")  # fmt: skip
MAX_ADDRESS = 254


class AddressError(ValueError):
    """The address cannot receive mail as written; the message says what to fix."""


def checked_address(text: str) -> str:
    """The address as it will be stored (trimmed, domain in lower case), or AddressError."""
    address = text.strip()
    if any(ch in address for ch in "\r\n\x00"):
        raise AddressError(_("An email address is one line; please type it again."))
    local, _at, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}" if local else address
    if len(address) > MAX_ADDRESS or len(local) > 64 or not _ADDRESS.match(address) or ".." in address:
        raise AddressError(_("“{address}” does not look like an email address (name@example.org).").format(
            address=address[:80]))
    return address


def address_key(address: str) -> str:
    """One spelling per mailbox for preferences, caps and confirmations: upper and lower case alike."""
    return address.strip().lower()


def header_text(text: str, limit: int = 200) -> str:
    """Text safe in one header line: line breaks and other control characters become spaces."""
    flat = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(flat.split())[:limit]
