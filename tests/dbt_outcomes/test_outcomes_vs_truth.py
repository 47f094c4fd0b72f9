"""The four dbt marts against the independent truth calculator (`continuum.truth`), cell by cell,
on a seeded random world: the two implementations of the same judgements must agree exactly."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "dbt"))  # raw_fixture
sys.path.insert(0, str(HERE))

import outcomes_random_world as random_world  # noqa: E402
from dbt_invoke import dbt  # noqa: E402

MARTS = ("treatment_activity", "treatment_referrals", "non_re_presentation", "proven_reoffending")


def test_marts_match_truth_calculator(tmp_path):
    from continuum.truth.compare import compare_tables, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    extract = date(2025, 6, 30)
    recs = random_world.generate(people=400, seed=20261122, start=date(2023, 1, 1), end=extract)
    random_world.write_truth(tmp_path / "truth", recs, extract)
    warehouse = tmp_path / "warehouse.duckdb"
    random_world.write_raw(warehouse, recs, extract)
    dbt(warehouse, tmp_path, "run", "--threads", "4", "--select", *(f"+{m}" for m in MARTS))

    expected = {name: table for name, table in expected_tables(tmp_path / "truth").items()
                if name in MARTS}
    # the world is rich enough to mean something
    activity = expected["treatment_activity"]
    assert activity["substantial_progress"].sum() > 50 and activity["exits"].sum() > 50
    assert expected["non_re_presentation"]["not_re_presented"].sum() > 10
    assert expected["proven_reoffending"]["reoffences"].sum() > 20

    report = compare_tables(expected, load_warehouse_outcomes(warehouse))
    assert report.ok, report.summary()
