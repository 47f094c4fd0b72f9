"""The gate end to end on real DuckDB files: good tables pass, each deliberate breakage is reported.

Gate runs are the slow part (GX), so each scenario runs once per module and several tests read its
result; the broken files carry several independent breakages so one run checks them all.
"""
from __future__ import annotations

import duckdb
import pytest

from continuum.quality.gate import check_publication, check_staging
from continuum.quality.result import QualityGateFailed



@pytest.fixture(scope="module")
def good_staging(good_files, home):
    warehouse, _ = good_files
    return check_staging(warehouse, home, "good-staging")


@pytest.fixture(scope="module")
def good_publication(good_files, home):
    warehouse, candidate = good_files
    return check_publication(candidate, warehouse, home, "good-publication")


STAGING_BREAKS = """
UPDATE staging.stg_custody__detentions SET test_reason = 'maybe' WHERE custody_record_id = 'C3';
UPDATE staging.stg_treatment__episodes SET episode_id = NULL WHERE episode_id = 'T2';
UPDATE staging.stg_treatment__episodes SET top_days_used_latest = 40 WHERE episode_id = 'T4';
UPDATE staging.stg_police__arrests SET arrest_la_code = 'X123' WHERE arrest_id = 'A3';
INSERT INTO staging.stg_police__arrests SELECT * FROM staging.stg_police__arrests WHERE arrest_id = 'A1';
UPDATE staging.stg_probation__events SET event_date = DATE '2031-01-01' WHERE event_id = 'E1';
UPDATE ingest.file_loads SET rows_loaded = 5 WHERE feed = 'police' AND extract_date = DATE '2025-06-30';
"""

PUBLICATION_BREAKS = """
UPDATE dtoa_funnel SET positive_rate = 1.2 WHERE la_code = 'E09000012' AND month = DATE '2025-01-01';
UPDATE dtoa_funnel SET tests = 15 WHERE la_code = 'ALL' AND month = DATE '2025-01-01';
UPDATE continuity_of_care SET releases_with_need = 3 WHERE la_code = 'ALL' AND month = DATE '2025-01-01';
INSERT INTO continuity_of_care SELECT * FROM continuity_of_care
    WHERE la_code = 'E09000012' AND month = DATE '2025-02-01';
UPDATE treatment_activity SET exits = 10, successful_completions = 12
    WHERE la_code = 'E09000012' AND month = DATE '2025-02-01';
UPDATE treatment_activity SET cjs_referral_share = 1.0 WHERE la_code = 'ALL' AND month = DATE '2025-01-01';
UPDATE proven_reoffending SET cohort_size = 5, reoffenders = 7, reoffences = 31, reoffending_rate = NULL,
    reoffending_frequency = NULL, withheld_columns = 'reoffending_rate,reoffending_frequency'
    WHERE la_code = 'E09000012' AND cohort = 'positive_test';
DROP TABLE non_re_presentation;
DROP TABLE publication;
"""


@pytest.fixture(scope="module")
def broken_staging(good_files, home, make_broken):
    warehouse, _ = good_files
    broken = make_broken(warehouse, STAGING_BREAKS)
    return check_staging(broken, home, "broken-staging")


@pytest.fixture(scope="module")
def broken_publication(good_files, home, make_broken):
    warehouse, candidate = good_files
    broken = make_broken(candidate, PUBLICATION_BREAKS)
    return check_publication(broken, warehouse, home, "broken-publication")


def _find(result, table, expectation_part):
    hits = [f for f in result.failures if f.table == table and expectation_part in f.expectation]
    assert hits, f"no failure for {table} / {expectation_part} in:\n{result.message()}"
    return hits[0]


def test_good_tables_pass_every_suite(good_staging, good_publication):
    assert good_staging.success, good_staging.message()
    assert good_publication.success, good_publication.message()
    assert len(good_staging.suites) == 5 and len(good_publication.suites) == 8
    assert good_staging.expectations_evaluated > 80 and good_publication.expectations_evaluated > 140
    good_staging.raise_for_failures()


def test_data_docs_and_results_are_kept_in_the_home(good_staging, good_publication, home):
    for result in (good_staging, good_publication):
        assert result.data_docs_index is not None and result.data_docs_index.is_file()
        assert home.data_docs_dir in result.data_docs_index.parents
        assert any(result.validation_results_dir.rglob("*.json"))
    html = good_publication.data_docs_index.read_text()
    assert "published.dtoa_funnel" in html


def test_gate_releases_the_duckdb_files(good_staging, good_publication, good_files):
    for path in good_files:  # a writer can take the lock as soon as the gate returns
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE IF NOT EXISTS main._lock_probe(x INTEGER)")
        con.execute("DROP TABLE main._lock_probe")
        con.close()


@pytest.mark.parametrize("table, expectation, value", [
    ("staging.stg_custody__detentions", "expect_column_values_to_be_in_set(column=test_reason", "maybe"),
    ("staging.stg_treatment__episodes", "expect_column_values_to_not_be_null(column=episode_id", None),
    ("staging.stg_treatment__episodes", "expect_column_values_to_be_between(column=top_days_used_latest", 40),
    ("staging.stg_police__arrests", "expect_column_values_to_match_regex(column=arrest_la_code", "X123"),
    ("staging.stg_police__arrests", "expect_column_values_to_be_unique(column=arrest_id", "A1"),
])
def test_staging_breakages_are_named(broken_staging, table, expectation, value):
    failure = _find(broken_staging, table, expectation)
    assert value in failure.examples
    line = failure.line()
    assert table in line and expectation in line and repr(value) in line


def test_implausible_date_and_volume_collapse_are_reported_with_rows(broken_staging):
    date = _find(broken_staging, "staging.stg_probation__events", "event_date is between 1900-01-01")
    assert date.examples[0]["event_id"] == "E1" and date.examples[0]["event_date"] == "2031-01-01"
    volume = _find(broken_staging, "ingest.file_loads", "latest night loads at least 20%")
    assert [(r["feed"], r["rows_loaded"]) for r in volume.examples] == [("police", 5)]
    assert not broken_staging.success
    # nothing else fired: every failure is one of the seven breakages
    assert len(broken_staging.failures) == 7, broken_staging.message()


@pytest.mark.parametrize("table, expectation, value", [
    ("dtoa_funnel", "expect_column_values_to_be_between(column=positive_rate, min_value=0", 1.2),
    ("continuity_of_care", "expect_column_values_to_not_be_in_set(column=releases_with_need", 3),
    ("continuity_of_care", "expect_compound_columns_to_be_unique(column_list=la_code+month",
     {"la_code": "E09000012", "month": "2025-02-01"}),
    ("treatment_activity", "column_A=exits, column_B=successful_completions", [10, 12]),
])
def test_publication_breakages_are_named(broken_publication, table, expectation, value):
    failure = _find(broken_publication, table, expectation)
    assert value in failure.examples, failure.line()


def test_withheld_value_reconciliation_and_missing_table(broken_publication):
    withheld = _find(broken_publication, "treatment_activity", "every column named in withheld_columns is null")
    assert withheld.examples[0]["la_code"] == "ALL"
    rate = _find(broken_publication, "treatment_activity", "cjs_referral_share is null when")
    assert rate.examples[0]["cjs_referral_share"] == 1.0
    recon = _find(broken_publication, "dtoa_funnel", "ALL tests per published month equal")
    assert (recon.examples[0]["published_tests"], recon.examples[0]["warehouse_tests"]) == (15, 12)
    missing = _find(broken_publication, "non_re_presentation", "table exists")
    assert missing.examples
    record = _find(broken_publication, "publication", "table exists")
    assert "no usable publication record" in record.examples[0]


def test_reoffenders_are_bounded_by_reoffences_and_cohort_size(good_publication, broken_publication,
                                                               good_files):
    # the good candidate has 6 reoffenders with 31 reoffences between them, and passes
    with duckdb.connect(str(good_files[1]), read_only=True) as con:
        assert con.sql("SELECT cohort_size, reoffenders, reoffences FROM proven_reoffending "
                       "WHERE cohort = 'positive_test'").fetchall() == [(10, 6, 31)] * 2
    assert not [f for f in good_publication.failures if f.table == "proven_reoffending"]
    # 7 reoffenders in a cohort of 5 is impossible; 7 reoffenders with 31 reoffences is not
    failures = [f for f in broken_publication.failures if f.table == "proven_reoffending"]
    assert [f.expectation for f in failures] == [
        "expect_column_pair_values_a_to_be_greater_than_b(column_A=cohort_size, column_B=reoffenders) "
        "[reoffenders <= cohort_size]"], broken_publication.message()
    assert [5, 7] in failures[0].examples


def test_raise_for_failures_message_names_table_expectation_and_value(broken_publication):
    with pytest.raises(QualityGateFailed) as err:
        broken_publication.raise_for_failures()
    message = str(err.value)
    assert "FAILED" in message
    assert "dtoa_funnel: expect_column_values_to_be_between(column=positive_rate" in message
    assert "e.g. 1.2" in message
