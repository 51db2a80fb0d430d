"""Budget arithmetic and fees: exact cents, totals that add up, and a goal that covers every fee."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.i18n import language
from portal.projects.budget import (
    CATEGORIES,
    MAX_UNIT_CENTS,
    BudgetError,
    Line,
    breakdown,
    parse_lines,
    summarize,
    template_lines,
)
from portal.projects.budget_chart import budget_figure
from portal.projects.budget_export import budget_csv, budget_html
from portal.projects.fees import WHOLE, Fee, Platform, explain, fundraising_goal, platforms
from portal.projects.money import format_money, parse_money

IOBY, SPONSOR, NONE = (platforms()[key] for key in ("ioby", "ioby_sponsor", "none"))

lines = st.builds(
    Line,
    category=st.sampled_from(list(CATEGORIES)),
    description=st.text(min_size=1, max_size=20),
    quantity=st.integers(1, 500),
    unit_cost_cents=st.integers(1, 500_000),
    in_kind=st.booleans(),
)
fee_platforms = st.builds(
    lambda bps, flat, over: Platform(
        "p", "P", (Fee("a", bps[0]), Fee("b", bps[1]), Fee("flat", 0, flat, over))
    ),
    st.tuples(st.integers(0, 4000), st.integers(0, 4000)),
    st.integers(0, 10_000),
    st.integers(0, 200_000),
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("12", 1200), ("$1,200.50", 120050), (" 0.05 ", 5), ("1200.5", 120050), ("$ 3", 300)],
)
def test_parse_money(typed, cents):
    assert parse_money(typed) == cents


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "missing"), (None, "missing"), ("abc", "not an amount"), ("NaN", "not an amount"),
     ("Infinity", "not an amount"), ("1.005", "more than two decimals"), ("-5", "negative")],
)  # fmt: skip
def test_parse_money_refuses(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_money(typed)


@given(st.integers(0, 10**12))
def test_money_round_trips_through_text(cents):
    assert parse_money(format_money(cents)) == cents


def row(**overrides):
    return {"category": "materials", "description": "Paint", "quantity": 2, "unit_cost": "$10", "in_kind": False,
            **overrides}  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "message"),
    [({"category": None}, "choose a category"), ({"description": " "}, "describe the item"),
     ({"quantity": 0}, "between 1 and"), ({"quantity": 2.5}, "whole number"), ({"quantity": "x"}, "whole number"),
     ({"unit_cost": "-3"}, "negative"), ({"unit_cost": "0"}, "between \\$0.01"),
     ({"unit_cost": "200000"}, "between \\$0.01")],
)  # fmt: skip
def test_bad_lines_are_refused_with_their_number(bad, message):
    with pytest.raises(BudgetError, match=f"Line 2: .*{message}"):
        parse_lines([row(), row(**bad)])


def test_a_bad_line_is_explained_in_the_proposers_language():
    with language("pt"), pytest.raises(BudgetError, match="^Linha 2: custo unitário: “-3” é negativo.$"):
        parse_lines([row(), row(unit_cost="-3")])


def test_blank_rows_are_skipped_and_absurd_totals_refused():
    assert parse_lines(
        [row(), {"category": None, "description": None, "quantity": None, "unit_cost": None}]
    ) == [Line("materials", "Paint", 2, 1000)]
    with pytest.raises(BudgetError, match="over \\$500,000.00"):
        parse_lines([row(quantity=10, unit_cost=format_money(MAX_UNIT_CENTS))])


@pytest.mark.parametrize(
    ("cash", "platform", "goal"),
    [
        (0, IOBY, 0),
        (100_000, IOBY, 103_093),  # $1,000 is not over $1,000: no platform fee; 100000 / 0.97 = 103092.78
        (100_001, IOBY, 106_703),  # (100001 + 3500) / 0.97 = 106702.06
        (214_500, SPONSOR, 236_957),  # (214500 + 3500) / 0.92 = 236956.52
        (55_555, NONE, 55_555),
    ],
)
def test_goal_examples(cash, platform, goal):
    assert fundraising_goal(cash, platform).goal_cents == goal


@given(st.integers(0, 10**10), fee_platforms)
def test_goal_is_the_smallest_that_covers_the_fees(cash, platform):
    goal = fundraising_goal(cash, platform)
    needed = cash + sum(f.cents for f in goal.flat_fees)
    keep = WHOLE - platform.basis_points
    assert goal.goal_cents * keep >= needed * WHOLE  # what is left after the percentages covers it all
    assert (goal.goal_cents - 1) * keep < needed * WHOLE or goal.goal_cents == 0  # and not a cent more
    assert cash + sum(f.cents for f in goal.flat_fees + goal.percent_fees) == goal.goal_cents
    assert all(f.cents >= 0 for f in goal.percent_fees)


@given(st.lists(lines, max_size=30), st.integers(0, 25), st.sampled_from([IOBY, SPONSOR, NONE]))
def test_totals_always_add_up(items, contingency, platform):
    s = summarize(items, contingency, platform)
    assert (
        sum(s.cash_by_category.values())
        == s.cash_items_cents
        == sum(i.total_cents for i in items if not i.in_kind)
    )
    assert sum(s.in_kind_by_category.values()) == s.in_kind_cents
    exact = Decimal(s.cash_items_cents) * contingency / 100
    assert abs(s.contingency_cents - exact) <= Decimal("0.5")
    rows = dict(breakdown(s))
    assert rows["Cash items"] + rows[f"Contingency ({contingency} %)"] == rows["Cash budget"]
    fees = sum(c for name, c in breakdown(s)[3:-1])
    assert rows["Cash budget"] + fees == rows["Fundraising goal"]


def test_explanation_states_the_formula_with_the_numbers():
    s = summarize(template_lines("park"), 10, SPONSOR)
    assert explain(s.goal).startswith("Goal = (cash budget $2,145.00 + flat fees $35.00) ÷ (1 − 8 %)")


def test_templates_exist_per_type_and_fall_back():
    assert template_lines("garden") != template_lines("park")
    assert template_lines("library") == template_lines("default")
    assert all(
        line.category in CATEGORIES for kind in ("park", "garden", "x") for line in template_lines(kind)
    )


def test_exports_escape_and_defuse_peoples_text():
    s = summarize(
        [Line("other", '=HYPERLINK("x")', 1, 500), Line("materials", "<b>paint</b>", 2, 250)], 0, IOBY
    )
    csv_text = budget_csv(s)
    assert "'=HYPERLINK" in csv_text and "Fundraising goal" in csv_text and "10.31" in csv_text
    page = budget_html("Bench <script>", s)
    assert "<script>" not in page and "&lt;b&gt;paint&lt;/b&gt;" in page and "$10.31" in page


def test_exports_speak_the_language_they_were_downloaded_in():
    s = summarize([Line("materials", "pintura", 2, 250)], 10, IOBY)
    with language("es"):
        csv_text, page = budget_csv(s), budget_html("Banco", s)
    assert csv_text.splitlines()[0] == "Categoría,Descripción,Cantidad,Costo unitario,Total,Efectivo o en especie"
    assert "Imprevistos (10 %)" in csv_text and '<html lang="es">' in page and "Meta = (presupuesto" in page


def test_the_budget_chart_speaks_the_readers_language():
    s = summarize([Line("materials", "pintura", 2, 250)], 10, IOBY)
    with language("es"):
        figure = budget_figure(s)
    assert [bar.name for bar in figure.data] == ["Efectivo", "En especie"]
    assert list(figure.data[0].y) == ["Materiales y suministros"]
    assert figure.layout.xaxis.title.text == "Dólares estadounidenses"
