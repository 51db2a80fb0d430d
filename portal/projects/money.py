"""Money as people type and read it, held as integer cents: "$1,200.50" ⇄ 120050. Never a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def format_money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"  # amounts here are never negative


def parse_money(text: object) -> int:
    """Cents from "$1,200.50", "1200.5" or "12"; ValueError with a message otherwise."""
    cleaned = str(text if text is not None else "").strip().replace("$", "").replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError("an amount is missing")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(f"“{text}” is not an amount of money")
    if amount.as_tuple().exponent < -2:
        raise ValueError(f"“{text}” has more than two decimals")
    if amount < 0:
        raise ValueError(f"“{text}” is negative")
    return int(amount * 100)
