"""A project's budget: line items in integer cents, contingency, totals by category and the goal.

Amounts come from people as text ("$1,200.50") and are read with `Decimal`, never float; every total
is a sum of integers, so the breakdown always adds up to the goal.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from sqlalchemy.orm import Session

from portal.accounts.permissions import Actor
from portal.config import DATA_DIR
from portal.i18n import N_, _, format_decimal
from portal.projects.access import editable_project
from portal.projects.errors import ProjectError
from portal.projects.fees import Goal, Platform, fundraising_goal, platforms
from portal.projects.models import BudgetItem
from portal.projects.money import format_money, parse_money

CATEGORIES = {
    "materials": N_("Materials & supplies"),
    "equipment": N_("Equipment"),
    "services": N_("Services & labor"),
    "permits": N_("Permits & insurance"),
    "outreach": N_("Outreach & food"),
    "other": N_("Other"),
}
MAX_QUANTITY = 10_000
MAX_UNIT_CENTS = 10_000_000  # $100,000 for one unit
MAX_BUDGET_CENTS = 50_000_000  # $500,000: far beyond any neighborhood project, so surely a typo
MAX_CONTINGENCY_PERCENT = 25
MAX_LINES = 100


class BudgetError(ProjectError):
    """The budget as typed cannot be saved; `messages` says what to fix on which line."""


@dataclass(frozen=True)
class Line:
    category: str
    description: str
    quantity: int
    unit_cost_cents: int
    in_kind: bool = False

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_cost_cents


@dataclass(frozen=True)
class Summary:
    lines: tuple[Line, ...]
    cash_by_category: dict[str, int]
    in_kind_by_category: dict[str, int]
    cash_items_cents: int
    in_kind_cents: int
    contingency_percent: int
    contingency_cents: int
    goal: Goal
    platform_label: str = field(default="")

    @property
    def cash_budget_cents(self) -> int:
        return self.cash_items_cents + self.contingency_cents


def _quantity(value: object) -> int:
    try:
        amount = Decimal(str(value).strip() if value is not None else "")
    except InvalidOperation:
        raise ValueError(_("the quantity “{value}” is not a whole number").format(value=value)) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(_("the quantity “{value}” is not a whole number").format(value=value))
    if not 1 <= amount <= MAX_QUANTITY:
        raise ValueError(_("the quantity must be between 1 and {limit}").format(limit=format_decimal(MAX_QUANTITY)))
    return int(amount)


def parse_line(row: Mapping[str, object]) -> Line:
    """One row as typed in the budget table → a `Line`, or ValueError saying what is wrong."""
    category = row.get("category") or ""
    if category not in CATEGORIES:
        raise ValueError(_("choose a category"))
    description = str(row.get("description") or "").strip()
    if not description or len(description) > 200:
        raise ValueError(_("describe the item in 1 to 200 characters"))
    quantity = _quantity(row.get("quantity"))
    try:
        unit = parse_money(row.get("unit_cost"))
    except ValueError as error:
        raise ValueError(_("unit cost: {problem}").format(problem=error)) from None
    if unit == 0 or unit > MAX_UNIT_CENTS:
        raise ValueError(_("the unit cost must be between {least} and {most}").format(least=format_money(1),
                                                                             most=format_money(MAX_UNIT_CENTS)))
    return Line(str(category), description, quantity, unit, bool(row.get("in_kind")))


def _blank(row: Mapping[str, object]) -> bool:
    return all(row.get(k) in (None, "", False) for k in ("category", "description", "quantity", "unit_cost"))


def parse_lines(rows: Iterable[Mapping[str, object]]) -> list[Line]:
    """Every non-blank row, or a BudgetError listing each bad row by its number."""
    lines, messages = [], []
    for number, row in enumerate(rows, start=1):
        if _blank(row):
            continue
        try:
            lines.append(parse_line(row))
        except ValueError as error:
            messages.append(_("Line {number}: {problem}.").format(number=number, problem=error))
    if len(lines) > MAX_LINES:
        messages.append(_("A budget has at most {count} lines.").format(count=MAX_LINES))
    if sum(line.total_cents for line in lines) > MAX_BUDGET_CENTS:
        messages.append(_("The budget is over {limit}; check the amounts.").format(limit=format_money(MAX_BUDGET_CENTS)))
    if messages:
        raise BudgetError(*messages)
    return lines


def check_contingency(percent: int) -> int:
    if not 0 <= percent <= MAX_CONTINGENCY_PERCENT:
        raise BudgetError(_("Contingency must be between 0 and {most} %.").format(most=MAX_CONTINGENCY_PERCENT))

    return percent


def summarize(lines: Iterable[Line], contingency_percent: int, platform: Platform) -> Summary:
    """Totals by category, contingency on the cash items (rounded half up to the cent) and the goal."""
    lines = tuple(lines)
    cash = {key: 0 for key in CATEGORIES}
    in_kind = {key: 0 for key in CATEGORIES}
    for line in lines:
        (in_kind if line.in_kind else cash)[line.category] += line.total_cents
    cash_items = sum(cash.values())
    contingency = (cash_items * contingency_percent + 50) // 100
    goal = fundraising_goal(cash_items + contingency, platform)
    return Summary(lines, cash, in_kind, cash_items, sum(in_kind.values()), contingency_percent, contingency,
                   goal, platform.label)  # fmt: skip


@cache
def _templates() -> dict[str, tuple[Line, ...]]:
    raw = tomllib.loads((DATA_DIR / "budget_templates.toml").read_text())
    return {kind: tuple(Line(**row) for row in rows) for kind, rows in raw.items()}


def template_lines(space_type: str) -> tuple[Line, ...]:
    """The starting budget for a kind of space (a general one when there is none for that kind)."""
    templates = _templates()
    return templates.get(space_type, templates["default"])


def project_lines(items: Iterable[BudgetItem]) -> tuple[Line, ...]:
    return tuple(Line(i.category, i.description, i.quantity, i.unit_cost_cents, i.in_kind) for i in items)


def project_summary(project) -> Summary:
    platform = platforms().get(project.platform) or platforms()["none"]
    return summarize(project_lines(project.items), project.contingency_percent, platform)


def save_budget(session: Session, actor: Actor, project_id: int, lines: Iterable[Line],
                contingency_percent: int, platform_key: str) -> None:  # fmt: skip
    """Replace the project's budget; only its proposer, and only while it may be edited."""
    project = editable_project(session, actor, project_id)
    if platform_key not in platforms():
        raise BudgetError(_("Choose a fundraising platform from the list."))
    project.contingency_percent = check_contingency(contingency_percent)
    project.platform = platform_key
    project.items = [
        BudgetItem(position=n, category=line.category, description=line.description, quantity=line.quantity,
                   unit_cost_cents=line.unit_cost_cents, in_kind=line.in_kind)
        for n, line in enumerate(lines)
    ]  # fmt: skip
    session.flush()


def breakdown(summary: Summary) -> list[tuple[str, int]]:
    """The way from the items to the goal, line by line; each subtotal is the sum of the lines above it.
    In the reader's language (a page, or the export they downloaded)."""
    rows = [(_("Cash items"), summary.cash_items_cents),
            (_("Contingency ({percent} %)").format(percent=summary.contingency_percent),
             summary.contingency_cents),
            (_("Cash budget"), summary.cash_budget_cents)]  # fmt: skip
    rows += [(fee.name, fee.cents) for fee in summary.goal.flat_fees + summary.goal.percent_fees]
    rows.append((_("Fundraising goal"), summary.goal.goal_cents))
    return rows
