"""What each message says, as plain text and as HTML, from plain values.

Everything a person typed (titles, addresses, reasons, names) is escaped for HTML and flattened for the
subject line (`addresses.header_text`). Every message ends with the recipient's own manage link
(signed, lasting: `tokens.manage_token`), where they turn kinds of messages off or choose a digest.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from portal.i18n import _
from portal.messages.addresses import header_text
from portal.messages.links import manage_link
from portal.messages.tokens import manage_token

SIGNATURE = "Boston Civic Portal"


@dataclass(frozen=True)
class Letter:
    subject: str
    paragraphs: tuple[str, ...]
    actions: tuple[tuple[str, str], ...] = ()  # (label, absolute link)
    photos: tuple[str, ...] = ()  # photo store keys, inline in the HTML
    photo_caption: str = ""
    items: tuple[str, ...] = field(default=())  # a list (digests), one line each


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(letter: Letter, to: str) -> Rendered:
    """The letter with its footer, in the current language (the caller sets the recipient's)."""
    manage = manage_link(manage_token(to))
    caption, stop = letter.photo_caption or _("Photo"), _("Choose which emails you get, or stop them")
    text_parts = [*letter.paragraphs]
    if letter.items:
        text_parts.append("\n".join(f"- {item}" for item in letter.items))
    text_parts += [f"{label}: {link}" for label, link in letter.actions]
    if letter.photos:
        text_parts.append(_("{caption}: attached to this email.").format(caption=caption))
    text_parts.append(f"-- \n{SIGNATURE}\n{stop}: {manage}")
    body = [f"<p>{html.escape(p)}</p>" for p in letter.paragraphs]
    if letter.items:
        body.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in letter.items) + "</ul>")
    body += [f'<p><a href="{html.escape(link)}">{html.escape(label)}</a></p>' for label, link in letter.actions]
    body += [f'<p><img src="cid:photo{i}" alt="{html.escape(caption)}" '
             f'style="max-width:480px"></p>' for i in range(len(letter.photos))]  # fmt: skip
    body.append(f'<hr><p style="color:#666;font-size:small">{SIGNATURE} · '
                f'<a href="{html.escape(manage)}">{html.escape(stop)}</a></p>')  # fmt: skip
    page = f'<!DOCTYPE html><html><body style="font-family:sans-serif">{"".join(body)}</body></html>'
    return Rendered(header_text(letter.subject, 300), "\n\n".join(text_parts) + "\n", page)
