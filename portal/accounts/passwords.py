"""Password hashing (bcrypt) and the rules a new password must pass, with messages a person can act on."""

from __future__ import annotations

import bcrypt
from zxcvbn import zxcvbn

from portal.config import bcrypt_rounds
from portal.i18n import _

BCRYPT_MAX_BYTES = 72  # bcrypt ignores (or, since bcrypt 5, refuses) anything longer
MIN_LENGTH = 10
MIN_STRENGTH = 3  # zxcvbn's 0–4 scale: 3 is "safely unguessable" for an online attack


class WeakPasswordError(ValueError):
    """The password is refused; the message says why and what to do."""


def check_new_password(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse passwords bcrypt cannot hold whole, short ones, and guessable ones."""
    if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        raise WeakPasswordError(_(
            "That password is longer than {limit} bytes, which is the most we can store "
            "safely. Please choose a shorter one (a few random words work well)."
        ).format(limit=BCRYPT_MAX_BYTES))
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(_("Please use at least {count} characters.").format(count=MIN_LENGTH))
    verdict = zxcvbn(password, user_inputs=[u for u in user_inputs if u])
    if verdict["score"] < MIN_STRENGTH:
        # zxcvbn's own hints are English only; the sentence around them is translated.
        hint = verdict["feedback"]["warning"] or _("It would be easy to guess.")
        tips = " ".join(verdict["feedback"]["suggestions"])
        raise WeakPasswordError(" ".join(p for p in (_("That password is too weak."), hint, tips) if p))



def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=bcrypt_rounds())).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash or len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        return False
    return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
