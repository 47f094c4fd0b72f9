"""The publication gate checks a candidate against the disclosure settings it was published under.

NHS England's agreement (withhold 1..7, round to 5) through the real publisher: the candidate records
its settings in its `publication` table and the gate reads them from there, so the correctly published
candidate passes (rounded ALL totals within half a step of staging, withheld totals skipped) and a
published count of 6 fails.
"""
from __future__ import annotations

import duckdb
import pytest

from continuum.publish.disclosure import DisclosureSettings
from continuum.quality.gate import check_publication, publication_settings
from continuum.quality.suites import publication_suites, withheld_values

NHS = DisclosureSettings(max_withheld_count=7, round_to=5)


@pytest.fixture(scope="module")
def nhs_good(nhs_files, home):
    warehouse, candidate = nhs_files
    return check_publication(candidate, warehouse, home, "nhs-good")


@pytest.fixture(scope="module")
def nhs_six(nhs_files, home, make_broken):
    warehouse, candidate = nhs_files
    broken = make_broken(candidate, "UPDATE continuity_of_care SET releases_with_need = 6 "
                                    "WHERE la_code = 'E09000012' AND month = DATE '2025-01-01'")
    return check_publication(broken, warehouse, home, "nhs-six")


def _value(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_the_candidate_records_the_settings_and_the_gate_reads_them_not_the_environment(nhs_files, monkeypatch):
    _, candidate = nhs_files
    for name in ("CONTINUUM_DISCLOSURE_MAX_WITHHELD", "CONTINUUM_DISCLOSURE_ROUND_TO"):
        monkeypatch.delenv(name)
    assert publication_settings(candidate) == (NHS, None)


def test_a_correctly_published_nhs_candidate_passes(nhs_good, nhs_files):
    warehouse, candidate = nhs_files
    # what makes this a test of the settings: the rounded ALL tests (10) differ from staging (12);
    # February's referrals are rounded (16 -> 15) and January's (6) withheld.
    assert _value(candidate, "SELECT month, tests FROM dtoa_funnel WHERE la_code = 'ALL' ORDER BY 1")[0][1] == 10
    assert [r[1] for r in _value(candidate, "SELECT month, referrals FROM treatment_activity "
                                            "WHERE la_code = 'ALL' ORDER BY 1")] == [None, 15]
    assert _value(warehouse, "SELECT count(*) FROM staging.stg_treatment__episodes "
                             "WHERE referral_date >= DATE '2025-02-01'") == [(16,)]
    assert nhs_good.success, nhs_good.message()


def test_a_published_count_of_6_fails_under_threshold_7(nhs_six):
    assert not nhs_six.success
    hits = [f for f in nhs_six.failures if f.table == "continuity_of_care"
            and "expect_column_values_to_not_be_in_set(column=releases_with_need" in f.expectation]
    assert hits and 6 in hits[0].examples, nhs_six.message()
    assert any("multiples of 5" in f.expectation for f in nhs_six.failures), nhs_six.message()


@pytest.mark.parametrize("settings, withheld", [
    (DisclosureSettings(), [1, 2, 3, 4]),
    (NHS, [1, 2, 3, 4, 5, 6, 7]),
    # an exact 13 is published as 10, so 10 does not betray a withheld value; 5 does
    (DisclosureSettings(max_withheld_count=12, round_to=10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]),
])
def test_withheld_values_for_settings(settings, withheld):
    assert withheld_values(settings) == withheld
    suites = {s["name"]: s for s in publication_suites(settings)}
    assert suites["published.dtoa_funnel"]["meta"]["continuum"]["disclosure"] == settings.as_dict()
