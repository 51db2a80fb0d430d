"""Public report numbers: short, random, and easy to read out over the phone."""

from __future__ import annotations

import secrets

import numpy as np

PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread over the phone
PUBLIC_ID_LENGTH = 10


def new_public_id() -> str:
    return new_public_ids(1)[0]


def new_public_ids(count: int) -> list[str]:
    """`count` random public ids. The alphabet has 32 letters, so the low five bits of a random byte
    pick one without bias, and a million ids cost one call to the OS for random bytes."""
    letters = np.frombuffer(PUBLIC_ID_ALPHABET.encode(), dtype=np.uint8)
    picks = np.frombuffer(secrets.token_bytes(count * PUBLIC_ID_LENGTH), dtype=np.uint8) & 31
    return letters[picks].view(f"S{PUBLIC_ID_LENGTH}").astype(str).tolist()
