"""The dashboard's tables keep plain keys; what the reader sees is labelled in their language."""

from __future__ import annotations

import pandas as pd

from portal.analytics.dashboard import NO_FIGURE, PER_THOUSAND
from portal.i18n import language
from portal.ui.dashboard_charts import close_time_chart, labelled


def test_a_table_is_labelled_in_the_readers_language_and_its_keys_stay():
    table = pd.DataFrame({"channel": ["phone"], "reports": [3], PER_THOUSAND: [NO_FIGURE]})
    with language("es"):
        shown = labelled(table)
    expected = {"Canal": "teléfono", "Reportes": 3, "Reportes por cada 1.000 residentes": "sin cifra"}
    assert shown.to_dict("records") == [expected]
    assert list(table.columns) == ["channel", "reports", PER_THOUSAND]


def test_the_close_time_legend_names_its_measures_in_the_readers_language():
    frame = pd.DataFrame({"area": ["Dorchester"], "median days": [2.0], "p90 days": [9.5]})
    with language("vi"):
        chart = close_time_chart(frame, "area", "Khu phố").to_dict()
    measures = chart["encoding"]["color"]["scale"]["domain"]
    assert measures == ["Số ngày trung vị để đóng", "Bách phân vị thứ 90, ngày"]
