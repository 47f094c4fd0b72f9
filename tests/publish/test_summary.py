"""The end-of-run summary says what a withheld or immature cell is instead of printing blanks, and picks
the latest month whose test count is published."""
from __future__ import annotations

import duckdb

from continuum.config import PUBLISHED_TABLES, Home
from continuum.summary import publication_summary

FUNNEL = """
CREATE TABLE dtoa_funnel AS SELECT * FROM (VALUES
    ('ALL', DATE '2025-05-01', 9, NULL, NULL, 6, NULL, NULL, NULL, NULL,
     'treatment_started,treatment_started_rate', 'positive,positive_rate,ra_attended,ra_attended_rate'),
    ('ALL', DATE '2025-06-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', 'tests,positive'),
    ('E09000012', DATE '2025-06-01', 40, 20, 0.5, 10, 5, 0.5, 2, 0.2, '', '')
) t(la_code, month, tests, positive, positive_rate, ra_required, ra_attended, ra_attended_rate,
    treatment_started, treatment_started_rate, immature_columns, withheld_columns)
"""


def test_withheld_and_immature_cells_are_named(tmp_path):
    home = Home(tmp_path / "home").ensure()
    home.published_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(home.published_db)) as con:
        con.execute(FUNNEL)
        for table in PUBLISHED_TABLES:
            if table != "dtoa_funnel":
                con.execute(f"CREATE TABLE {table} (la_code VARCHAR)")
    text = publication_summary(home)
    assert "all areas, May 2025 (latest month with a published test count; June 2025's is withheld" in text
    assert "tests 9, positive withheld, Required Assessment imposed 6" in text
    assert "attended withheld, started treatment not yet mature" in text
    assert "dtoa_funnel                  3 rows" in text
