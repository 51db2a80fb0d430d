"""A budget as files to take away: CSV for a spreadsheet, and an HTML page made to be printed."""

from __future__ import annotations

import csv
import html
import io

from portal.i18n import N_, _, current_language
from portal.projects.budget import CATEGORIES, Summary, breakdown
from portal.projects.fees import explain
from portal.projects.money import format_money

# Marked for the template; an export speaks the language of the page it was downloaded from.
HEADER = (N_("Category"), N_("Description"), N_("Quantity"), N_("Unit cost"), N_("Total"), N_("Cash or in-kind"))


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe keeps them text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _kind(in_kind: bool) -> str:
    return _("in-kind") if in_kind else _("cash")


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def budget_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_(heading) for heading in HEADER])
    for line in summary.lines:
        writer.writerow((_(CATEGORIES[line.category]), _cell(line.description), line.quantity,
                         _amount(line.unit_cost_cents), _amount(line.total_cents), _kind(line.in_kind)))  # fmt: skip
    writer.writerow(())
    for name, cents in breakdown(summary):
        writer.writerow(("", name, "", "", _amount(cents), ""))
    writer.writerow(
        ("", _("In-kind contributions (not fundraised)"), "", "", _amount(summary.in_kind_cents), "")
    )
    return out.getvalue()


PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{budget} · {title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 4px 8px; text-align: left; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; border-top: 2px solid #111; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{title}</h1><p>{through}</p>
<table><thead><tr><th>{h0}</th><th>{h1}</th><th class="n">{h2}</th><th class="n">{h3}</th>
<th class="n">{h4}</th><th>{h5}</th></tr></thead><tbody>{items}</tbody></table>
<table><tbody>{totals}</tbody></table>
<p>{formula}</p><p>{in_kind}</p>
</body></html>
"""


def budget_html(title: str, summary: Summary) -> str:
    """A self-contained page (no scripts, no outside files); every piece of people's text is escaped."""
    e = html.escape
    items = "".join(
        f"<tr><td>{e(_(CATEGORIES[line.category]))}</td><td>{e(line.description)}</td><td class='n'>{line.quantity}</td>"
        f"<td class='n'>{format_money(line.unit_cost_cents)}</td><td class='n'>{format_money(line.total_cents)}</td>"
        f"<td>{e(_kind(line.in_kind))}</td></tr>"
        for line in summary.lines
    )
    rows = breakdown(summary)
    totals = "".join(
        f"<tr{' class=total' if index == len(rows) - 1 else ''}><td>{e(name)}</td><td class='n'>{format_money(c)}</td></tr>"
        for index, (name, c) in enumerate(rows)
    )
    headings = {f"h{n}": e(_(heading)) for n, heading in enumerate(HEADER)}
    return PAGE.format(
        lang=current_language().replace("_", "-"), budget=e(_("Budget")), title=e(title), items=items,
        totals=totals,
        through=e(_("Fundraising through: {platform}").format(platform=_(summary.platform_label))),
        formula=e(explain(summary.goal)), **headings,
        in_kind=e(_("In-kind contributions (not fundraised): {amount}").format(
            amount=format_money(summary.in_kind_cents))),
    )  # fmt: skip
