"""Fundraising platforms' fees and the goal that covers them.

The rules are data (`data/fundraising_fees.toml`). The goal is grossed up so that, after the
percentage fees are taken from everything raised and the flat fees are paid, the project still
receives its whole cash budget:

    goal = ⌈(cash budget + flat fees) ÷ (1 − sum of percentages)⌉, in whole cents.

Everything is integer cents and basis points (1 % = 100 bp), so no float ever touches money.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from portal.config import DATA_DIR
from portal.i18n import _
from portal.projects.money import format_money

FEES_FILE = DATA_DIR / "fundraising_fees.toml"
WHOLE = 10_000  # basis points in 100 %


@dataclass(frozen=True)
class Fee:
    name: str
    basis_points: int = 0
    flat_cents: int = 0
    over_cents: int = 0  # the flat fee applies only to cash budgets above this


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    fees: tuple[Fee, ...]

    @property
    def basis_points(self) -> int:
        return sum(f.basis_points for f in self.fees)


@dataclass(frozen=True)
class FeeLine:
    name: str
    cents: int


@dataclass(frozen=True)
class Goal:
    cash_budget_cents: int
    flat_fees: tuple[FeeLine, ...]
    percent_fees: tuple[FeeLine, ...]
    basis_points: int
    goal_cents: int

    @property
    def fees_cents(self) -> int:
        return self.goal_cents - self.cash_budget_cents


def _fee(entry: dict) -> Fee:
    points = Decimal(entry.get("percent", "0")) * 100
    if points != points.to_integral_value() or points < 0:
        raise ValueError(f"fee {entry['name']!r}: percent must be a non-negative multiple of 0.01")
    return Fee(entry["name"], int(points), int(entry.get("flat_cents", 0)), int(entry.get("over_cents", 0)))


def load_platforms(path: Path) -> dict[str, Platform]:
    raw = tomllib.loads(path.read_text())
    platforms = {
        p["key"]: Platform(p["key"], p["label"], tuple(_fee(f) for f in p.get("fees", ())))
        for p in raw["platform"]
    }
    for platform in platforms.values():
        if platform.basis_points >= WHOLE:
            raise ValueError(f"platform {platform.key!r}: percentage fees must add up to less than 100 %")
    return platforms


@cache
def platforms() -> dict[str, Platform]:
    """The shipped platforms, read once per process."""
    return load_platforms(FEES_FILE)


def fundraising_goal(cash_budget_cents: int, platform: Platform) -> Goal:
    """The smallest goal in cents that leaves `cash_budget_cents` after `platform`'s fees."""
    if cash_budget_cents < 0:
        raise ValueError("a cash budget cannot be negative")
    flat = tuple(FeeLine(_(f.name), f.flat_cents) for f in platform.fees
                 if f.flat_cents and cash_budget_cents > f.over_cents)  # fmt: skip
    needed = cash_budget_cents + sum(line.cents for line in flat)
    points = platform.basis_points
    goal = -(-needed * WHOLE // (WHOLE - points))  # integer ceiling division
    return Goal(cash_budget_cents, flat, _split(goal - needed, platform), points, goal)


def _split(total: int, platform: Platform) -> tuple[FeeLine, ...]:
    """Share the percentage fees' total among them by rate; the last takes the rounding, so they add up."""
    percent = [f for f in platform.fees if f.basis_points]
    lines, left = [], total
    for index, fee in enumerate(percent):
        cents = left if index == len(percent) - 1 else total * fee.basis_points // platform.basis_points
        percent_text = f"{Decimal(fee.basis_points) / 100:g}"
        lines.append(FeeLine(_("{fee} ({percent} %)").format(fee=_(fee.name), percent=percent_text), cents))
        left -= cents
    return tuple(lines)


def explain(goal: Goal) -> str:
    """The formula with this budget's numbers, in words a proposer can check with a calculator."""
    flat = sum(line.cents for line in goal.flat_fees)
    share = Decimal(goal.basis_points) / 100
    return _("Goal = (cash budget {budget} + flat fees {flat}) ÷ (1 − {share} %), rounded up to the cent = "
             "{goal}. After {share} % of {goal} and the flat fees are paid, at least {budget} is left for the "
             "project.").format(
        budget=format_money(goal.cash_budget_cents), flat=format_money(flat), share=f"{share:g}",
        goal=format_money(goal.goal_cents))  # fmt: skip
