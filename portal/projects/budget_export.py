"""A budget as files to take away: CSV for a spreadsheet, and an HTML page made to be printed."""

from __future__ import annotations

import csv
import html
import io

from portal.projects.budget import CATEGORIES, Summary, breakdown
from portal.projects.fees import explain
from portal.projects.money import format_money

HEADER = ("Category", "Description", "Quantity", "Unit cost", "Total", "Cash or in-kind")


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe keeps them text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def budget_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in summary.lines:
        writer.writerow((CATEGORIES[line.category], _cell(line.description), line.quantity,
                         _amount(line.unit_cost_cents), _amount(line.total_cents),
                         "in-kind" if line.in_kind else "cash"))  # fmt: skip
    writer.writerow(())
    for name, cents in breakdown(summary):
        writer.writerow(("", name, "", "", _amount(cents), ""))
    writer.writerow(
        ("", "In-kind contributions (not fundraised)", "", "", _amount(summary.in_kind_cents), "")
    )
    return out.getvalue()


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Budget · {title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 4px 8px; text-align: left; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; border-top: 2px solid #111; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{title}</h1><p>Fundraising through: {platform}</p>
<table><thead><tr><th>Category</th><th>Description</th><th class="n">Quantity</th><th class="n">Unit cost</th>
<th class="n">Total</th><th>Cash or in-kind</th></tr></thead><tbody>{items}</tbody></table>
<table><tbody>{totals}</tbody></table>
<p>{formula}</p><p>In-kind contributions (not fundraised): {in_kind}</p>
</body></html>
"""


def budget_html(title: str, summary: Summary) -> str:
    """A self-contained page (no scripts, no outside files); every piece of people's text is escaped."""
    e = html.escape
    items = "".join(
        f"<tr><td>{e(CATEGORIES[line.category])}</td><td>{e(line.description)}</td><td class='n'>{line.quantity}</td>"
        f"<td class='n'>{format_money(line.unit_cost_cents)}</td><td class='n'>{format_money(line.total_cents)}</td>"
        f"<td>{'in-kind' if line.in_kind else 'cash'}</td></tr>"
        for line in summary.lines
    )
    rows = breakdown(summary)
    totals = "".join(
        f"<tr{' class=total' if index == len(rows) - 1 else ''}><td>{e(name)}</td><td class='n'>{format_money(c)}</td></tr>"
        for index, (name, c) in enumerate(rows)
    )
    return PAGE.format(title=e(title), platform=e(summary.platform_label), items=items, totals=totals,
                       formula=e(explain(summary.goal)), in_kind=format_money(summary.in_kind_cents))  # fmt: skip
