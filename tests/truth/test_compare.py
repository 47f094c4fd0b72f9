"""compare_tables on real tables: identical ok; a changed cell, a missing row, a missing table and an
immature flag reported; tolerances; withheld published cells skipped; DuckDB round trip and the CLI."""
from __future__ import annotations

import argparse
import math

import duckdb
import pytest

from continuum.truth import command
from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
from continuum.truth.expected import expected_tables, read_expected, write_expected

A = "E09000012"


@pytest.fixture(scope="module")
def world(new_truth):
    truth = new_truth()
    truth.anchor("2025-01-01")
    truth.custody("p1", tested_at="2025-01-10", cocaine_result="positive", ra_required="Y")
    truth.custody("p2", tested_at="2025-01-11")
    truth.custody("p3", tested_at="2025-01-12")
    truth.treatment("p1", referral_source="required_assessment", assessment_date="2025-01-15",
                    treatment_start_date="2025-01-20", discharge_date="2025-02-20",
                    discharge_reason="completed_drug_free")
    truth.probation("p4", event_date="2025-02-01", event_type="licence_start", substance_misuse_need="Y")
    truth.police("p4", offence_date="2025-02-10", disposal="community_caution", disposal_date="2025-02-11")
    truth.loaded("2025-09-30")
    root = truth.write()
    write_expected(root)
    return root


@pytest.fixture
def expected(world):
    return read_expected(world)


def copy(tables):
    return {k: v.copy() for k, v in tables.items()}


def test_identical_tables_match(world, expected):
    assert compare_tables(expected_tables(world), expected).ok  # the CSVs hold the exact values
    report = compare_tables(expected, copy(expected))
    assert report.ok, report.summary()
    assert report.tables["dtoa_funnel"].cells_compared == len(expected["dtoa_funnel"]) * 12
    assert "all tables match" in report.summary()


def test_changed_cell_reported_with_both_values(expected):
    actual = copy(expected)
    t = actual["dtoa_funnel"]
    i = t.index[(t["la_code"] == A) & (t["month"] == "2025-01-01")][0]
    assert t.loc[i, "tests"] == 3
    t.loc[i, "tests"] = 4
    t.loc[i, "positive_rate"] = 0.25
    report = compare_tables(expected, actual)
    assert not report.ok
    diffs = report.tables["dtoa_funnel"].differences
    assert sorted(zip(diffs["column"], diffs["expected"], diffs["actual"])) == [
        ("positive_rate", pytest.approx(1 / 3), 0.25), ("tests", 3, 4)]
    assert report.tables["dtoa_funnel"].max_rate_difference == pytest.approx(1 / 3 - 0.25)
    text = report.summary()
    assert "tests: expected 3, actual 4" in text and "MISMATCH" in text


def test_missing_row_missing_table_and_immature_flag(expected):
    actual = copy(expected)
    t = actual["treatment_referrals"]
    actual["treatment_referrals"] = t.drop(t.index[(t["la_code"] == "ALL") & (t["referral_source"] == "gp")][:1])
    del actual["proven_reoffending"]
    c = actual["continuity_of_care"]
    c.loc[c.index[-1], "immature_columns"] = ""
    report = compare_tables(expected, actual)
    assert report.missing_tables == ["proven_reoffending"]
    missing = report.tables["treatment_referrals"].missing_rows
    assert missing.to_dict("records") == [{"la_code": "ALL", "month": "2025-01-01", "referral_source": "gp"}]
    assert list(report.tables["continuity_of_care"].differences["column"]) == ["immature_columns"]
    assert "1 missing rows" in report.summary() and "proven_reoffending: MISSING" in report.summary()


def test_rate_and_count_tolerances(expected):
    actual = copy(expected)
    t = actual["dtoa_funnel"]
    i = t.index[(t["la_code"] == A) & (t["month"] == "2025-01-01")][0]
    t.loc[i, "positive_rate"] += 0.004
    assert not compare_tables(expected, actual).ok
    assert compare_tables(expected, actual, rate_tolerance=0.005).ok
    t.loc[i, "positive_rate"] += 0.002
    assert not compare_tables(expected, actual, rate_tolerance=0.005).ok
    actual = copy(expected)
    actual["dtoa_funnel"].loc[i, "tests"] = 4  # 3 -> 4 is 33%
    assert compare_tables(expected, actual, count_tolerance=0.34).ok
    report = compare_tables(expected, actual, count_tolerance=0.3)
    assert not report.ok and report.tables["dtoa_funnel"].max_count_difference == 1
    assert compare_tables(expected, actual, rates_only=True).ok
    actual["dtoa_funnel"].loc[i, "positive_rate"] = 0.5
    assert not compare_tables(expected, actual, rates_only=True).ok


def test_null_against_zero_is_a_difference(expected):
    actual = copy(expected)
    t = actual["continuity_of_care"]
    i = t.index[t["engaged_21d"].isna()][0]
    t["engaged_21d"] = t["engaged_21d"].astype("float64")
    t.loc[i, "engaged_21d"] = 0.0
    diffs = compare_tables(expected, actual).tables["continuity_of_care"].differences
    assert len(diffs) == 1 and diffs.iloc[0]["actual"] == 0.0 and math.isnan(float(diffs.iloc[0]["expected"]))


def _write_db(path, tables, schema, withheld=None):
    con = duckdb.connect(str(path))
    con.execute(f"create schema if not exists {schema}")
    for name, df in tables.items():
        df = df.copy()
        if withheld is not None:
            df["withheld_columns"] = withheld.get(name, "")
        period = "month" if "month" in df.columns else "quarter"
        con.register("frame", df)
        con.execute(f"create table {schema}.{name} as select * replace (cast({period} as date) as {period}) from frame")
        con.unregister("frame")
    con.close()


def test_warehouse_round_trip_and_cli(world, expected, tmp_path, capsys):
    home = tmp_path / "home"
    home.mkdir()
    _write_db(home / "warehouse.duckdb", expected, "outcomes")
    assert compare_tables(expected, load_warehouse_outcomes(home / "warehouse.duckdb")).ok

    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["compare", "--truth", str(world.parent), "--home", str(home)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "dtoa_funnel: ok" in out and "all tables match" in out

    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute("update outcomes.continuity_of_care set releases_with_need = 7 where la_code = 'ALL'")
    con.close()
    assert args.func(args) == 1
    assert "continuity_of_care: MISMATCH" in capsys.readouterr().out


def test_published_withheld_cells_are_skipped(world, expected, tmp_path):
    published = copy(expected)
    t = published["dtoa_funnel"]
    small = (t["tests"] >= 1) & (t["tests"] <= 4)
    t["positive_rate"] = t["positive_rate"].where(~small)
    t["tests"] = t["tests"].where(~small)
    (tmp_path / "published").mkdir()
    db = tmp_path / "published" / "outcomes.duckdb"
    _write_db(db, {"dtoa_funnel": t}, "main", withheld={})
    con = duckdb.connect(str(db))
    con.execute("update dtoa_funnel set withheld_columns = 'tests,positive_rate' where tests is null")
    con.close()
    actual = load_published(db)
    assert "withheld_columns" in actual["dtoa_funnel"].columns
    report = compare_tables({"dtoa_funnel": expected["dtoa_funnel"]}, actual)
    assert report.ok, report.summary()
    assert report.tables["dtoa_funnel"].cells_withheld == 2 * int(small.sum()) > 0
