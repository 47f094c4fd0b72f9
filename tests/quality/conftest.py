"""Hand-written good tables for the quality gate: a warehouse (staging, core facts, ingest) and a candidate
publication.

Why hand-written: the gate depends only on the documented names and columns (docs/architecture.md,
shared/metrics.md), and the staging/publication code is built in parallel; small explicit tables also
make each deliberate breakage in the tests easy to read. The numbers agree with each other (dtoa_funnel
ALL tests == tested custody records per month, treatment referrals == staged episodes per month), obey
the default disclosure rules and leave volumes stable, so the good files must pass every suite.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

EXTRACT = "DATE '2025-06-30'"

WAREHOUSE_SQL = f"""
CREATE SCHEMA staging; CREATE SCHEMA ingest;
CREATE TABLE staging.stg_police__arrests AS
SELECT 'A' || i AS arrest_id, 'met' AS force_code, 'pk' || i AS pnc_key, 'M' AS sex, 'white' AS ethnicity,
       'E09000012' AS home_la_code, TIMESTAMP '2025-01-10 10:00:00' + i * INTERVAL 1 DAY AS arrest_at,
       DATE '2025-01-10' + i AS arrest_date, 'E09000030' AS arrest_la_code, DATE '2025-01-09' AS offence_date,
       'theft' AS offence_group, CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'charged' END AS disposal,
       CASE WHEN i % 2 = 0 THEN NULL ELSE DATE '2025-02-01' END AS disposal_date,
       false AS is_proven_disposal, TIMESTAMP '2025-03-01 00:00:00' AS updated_at, {EXTRACT} AS _extract_date
FROM (SELECT range::INTEGER AS i FROM range(6));
CREATE TABLE staging.stg_custody__detentions AS
SELECT 'C' || i AS custody_record_id, 'A' || i AS arrest_id, 'HACK1' AS custody_suite_code,
       'E09000012' AS suite_la_code, NULL::VARCHAR AS pnc_key, 'F' AS sex, NULL::VARCHAR AS ethnicity,
       TIMESTAMP '2025-01-05 08:00:00' + i * INTERVAL 1 DAY AS detained_at, NULL::TIMESTAMP AS released_at,
       CASE WHEN i < 12 THEN 'trigger_offence' ELSE 'not_tested' END AS test_reason,
       CASE WHEN i < 12 THEN TIMESTAMP '2025-01-05 09:00:00' + i * INTERVAL 1 DAY END AS tested_at,
       CASE WHEN i < 12 THEN DATE '2025-01-05' + i END AS test_date,
       CASE WHEN i < 10 THEN 'positive' WHEN i < 12 THEN 'negative' END AS cocaine_result,
       CASE WHEN i < 5 THEN 'positive' WHEN i < 12 THEN 'negative' END AS opiates_result,
       i < 12 AS is_tested, i < 10 AS is_positive,
       CASE WHEN i < 5 THEN 'both' WHEN i < 10 THEN 'cocaine_only' END AS positive_type,
       CASE WHEN i < 5 THEN 'Y' WHEN i < 12 THEN 'N' END AS ra_required,
       CASE WHEN i < 5 THEN TIMESTAMP '2025-07-20 10:00:00' END AS ra_appointment_at,
       NULL::VARCHAR AS ra_provider_code, TIMESTAMP '2025-02-01 00:00:00' AS updated_at, {EXTRACT} AS _extract_date
FROM (SELECT range::INTEGER AS i FROM range(13));
CREATE TABLE staging.stg_treatment__episodes AS
SELECT 'T' || i AS episode_id, 'P1' AS provider_code, 'ck' || i AS client_key, 'M' AS sex, 'black' AS ethnicity,
       'E09000012' AS la_code, 'E8' AS postcode_district, NULL::VARCHAR AS custody_record_id,
       'required_assessment' AS referral_source, true AS is_cjs_referral, DATE '2025-01-12' + i AS referral_date,
       DATE '2025-01-20' AS assessment_date, DATE '2025-01-25' AS treatment_start_date,
       'cocaine' AS primary_substance, NULL::DATE AS discharge_date, NULL::VARCHAR AS discharge_reason,
       NULL::BOOLEAN AS is_successful_completion, 20 AS top_days_used_start, 4 AS top_days_used_latest,
       DATE '2025-04-25' AS top_latest_date, TIMESTAMP '2025-04-26 00:00:00' AS updated_at,
       {EXTRACT} AS _extract_date
FROM (SELECT range::INTEGER AS i FROM range(6));
CREATE TABLE staging.stg_probation__events AS
SELECT 'E' || i AS event_id, 'crn' || i AS crn_key, NULL::VARCHAR AS pnc_key, 'M' AS sex, 'mixed' AS ethnicity,
       'E08000033' AS la_code, 'licence_start' AS event_type, DATE '2025-03-01' AS event_date,
       'HMP1' AS prison_code, 'none' AS drug_requirement, 'N' AS substance_misuse_need,
       NULL::VARCHAR AS termination_reason, NULL::VARCHAR AS order_ref,
       TIMESTAMP '2025-03-02 00:00:00' AS updated_at, {EXTRACT} AS _extract_date
FROM (SELECT range::INTEGER AS i FROM range(3));
CREATE TABLE ingest.file_loads AS
SELECT 'L' || f.feed || n AS load_id, f.feed, f.feed || '_' || n || '.csv' AS file_name, 'sha' AS file_sha256,
       DATE '2025-06-20' + n AS extract_date, CASE WHEN n = 0 THEN 5000 ELSE 50 + n END AS manifest_row_count,
       'loaded' AS status, NULL::VARCHAR AS reason, CASE WHEN n = 0 THEN 5000 ELSE 50 + n END AS rows_delivered,
       CASE WHEN n = 0 THEN 5000 ELSE 50 + n END AS rows_loaded, 0 AS rows_quarantined, 'run' || n AS run_id,
       TIMESTAMP '2025-06-20 01:00:00' + n * INTERVAL 1 DAY AS started_at,
       TIMESTAMP '2025-06-20 01:05:00' + n * INTERVAL 1 DAY AS finished_at
FROM (VALUES ('police'), ('custody'), ('treatment'), ('probation')) f(feed),
     (SELECT range::INTEGER AS n FROM range(11));
-- the core facts the publication is reconciled with (1:1 with staging, as dbt builds them)
CREATE SCHEMA core;
CREATE TABLE core.fct_drug_tests AS SELECT * FROM staging.stg_custody__detentions;
CREATE TABLE core.fct_treatment_episodes AS SELECT * FROM staging.stg_treatment__episodes;
"""

_GRID = "(VALUES ('E09000012'), ('ALL')) a(la_code)"
CANDIDATE_SQL = f"""
CREATE TABLE dtoa_funnel AS
SELECT la_code, m.month::DATE AS month,
       m.tests::BIGINT AS tests, m.positive::BIGINT AS positive, m.coc::BIGINT AS positive_cocaine_only,
       0::BIGINT AS positive_opiates_only, m.both_::BIGINT AS positive_both, m.ra::BIGINT AS ra_required,
       NULL::BIGINT AS ra_attended, NULL::BIGINT AS treatment_started, m.rate AS positive_rate,
       NULL::DOUBLE AS ra_attended_rate, NULL::DOUBLE AS treatment_started_rate,
       'ra_attended,treatment_started,ra_attended_rate,treatment_started_rate' AS immature_columns,
       '' AS withheld_columns
FROM {_GRID}, (VALUES ('2025-01-01', 12, 10, 5, 5, 5, 10 / 12), ('2025-02-01', 0, 0, 0, 0, 0, NULL))
     m(month, tests, positive, coc, both_, ra, rate);
CREATE TABLE continuity_of_care AS
SELECT la_code, m.month::DATE AS month, 0::BIGINT AS releases_with_need, 0::BIGINT AS engaged_21d,
       NULL::DOUBLE AS engaged_21d_rate, '' AS immature_columns, '' AS withheld_columns
FROM {_GRID}, (VALUES ('2025-01-01'), ('2025-02-01')) m(month);
CREATE TABLE treatment_activity AS
SELECT la_code, m.month::DATE AS month, m.n::BIGINT AS in_treatment, m.n::BIGINT AS new_starts,
       m.n::BIGINT AS referrals, m.n::BIGINT AS cjs_referrals, NULL::DOUBLE AS cjs_referral_share,
       0::BIGINT AS exits, 0::BIGINT AS successful_completions, NULL::DOUBLE AS successful_completion_rate,
       0::BIGINT AS deaths_in_treatment, 0::BIGINT AS substantial_progress, NULL::DOUBLE AS substantial_progress_rate,
       '' AS immature_columns, m.withheld AS withheld_columns
FROM {_GRID}, (VALUES ('2025-01-01', 6, 'cjs_referral_share,substantial_progress_rate'), ('2025-02-01', 0, ''))
     m(month, n, withheld);
CREATE TABLE treatment_referrals AS
SELECT la_code, m.month::DATE AS month, s.referral_source,
       (CASE WHEN m.month = '2025-01-01' AND s.referral_source = 'required_assessment' THEN 6 ELSE 0 END)::BIGINT
       AS referrals, '' AS immature_columns, '' AS withheld_columns
FROM {_GRID}, (VALUES ('2025-01-01'), ('2025-02-01')) m(month),
     (VALUES ('required_assessment'), ('arrest_referral'), ('liaison_diversion'), ('out_of_court_disposal'),
             ('probation'), ('drr'), ('prison'), ('self'), ('gp'), ('hospital'), ('other')) s(referral_source);
CREATE TABLE non_re_presentation AS
SELECT la_code, DATE '2025-01-01' AS quarter, 0::BIGINT AS successful_completions,
       NULL::BIGINT AS not_re_presented, NULL::DOUBLE AS not_re_presented_rate,
       'not_re_presented,not_re_presented_rate' AS immature_columns, '' AS withheld_columns
FROM {_GRID};
CREATE TABLE proven_reoffending AS
SELECT la_code, DATE '2025-01-01' AS quarter, c.cohort,
       (CASE WHEN c.cohort = 'positive_test' THEN 10 ELSE 0 END)::BIGINT AS cohort_size,
       (CASE WHEN c.cohort = 'positive_test' THEN 6 ELSE 0 END)::BIGINT AS reoffenders,
       -- six people, 31 reoffences between them: more reoffences than reoffenders is normal
       (CASE WHEN c.cohort = 'positive_test' THEN 31 ELSE 0 END)::BIGINT AS reoffences,
       CASE WHEN c.cohort = 'positive_test' THEN 0.6 END::DOUBLE AS reoffending_rate,
       CASE WHEN c.cohort = 'positive_test' THEN 3.1 END::DOUBLE AS reoffending_frequency,
       '' AS immature_columns, '' AS withheld_columns
FROM {_GRID}, (VALUES ('positive_test'), ('cjs_treatment_start'), ('licence_release'), ('drr_start'),
                      ('out_of_court')) c(cohort);
CREATE TABLE publication AS
SELECT 'good' AS run_id, TIMESTAMP '2025-07-01 02:00:00' AS published_at, DATE '2025-06-30' AS cutoff_date,
       '{{"max_withheld_count": 4, "min_count": 1, "min_rate_denominator": 10, "round_to": null}}' AS settings;
"""

# Exact `outcomes` tables consistent with the warehouse above plus NHS_STAGING_SQL, for a candidate built
# by the real publisher under other disclosure settings: the good candidate's tables (nothing withheld
# there but two rates) with treatment activity and referrals restated to include February's 16 referrals.
NHS_STAGING_SQL = """
INSERT INTO staging.stg_treatment__episodes
SELECT e.* REPLACE ('TF' || r.i AS episode_id, DATE '2025-02-01' + r.i AS referral_date,
                    CASE WHEN r.i < 8 THEN 'required_assessment' ELSE 'self' END AS referral_source,
                    r.i < 8 AS is_cjs_referral)
FROM staging.stg_treatment__episodes e, (SELECT range::INTEGER AS i FROM range(16)) r WHERE e.episode_id = 'T0';
CREATE OR REPLACE TABLE core.fct_treatment_episodes AS SELECT * FROM staging.stg_treatment__episodes;
"""
NHS_OUTCOMES_SQL = f"""
CREATE SCHEMA outcomes;
CREATE TABLE outcomes.dtoa_funnel AS SELECT * EXCLUDE (withheld_columns) FROM cand.dtoa_funnel;
CREATE TABLE outcomes.continuity_of_care AS SELECT * EXCLUDE (withheld_columns) FROM cand.continuity_of_care;
CREATE TABLE outcomes.non_re_presentation AS SELECT * EXCLUDE (withheld_columns) FROM cand.non_re_presentation;
CREATE TABLE outcomes.proven_reoffending AS SELECT * EXCLUDE (withheld_columns) FROM cand.proven_reoffending;
CREATE TABLE outcomes.treatment_activity AS
SELECT la_code, m.month::DATE AS month, m.it::BIGINT AS in_treatment, m.ns::BIGINT AS new_starts,
       m.refs::BIGINT AS referrals, m.cjs::BIGINT AS cjs_referrals, m.cjs / m.refs AS cjs_referral_share,
       0::BIGINT AS exits, 0::BIGINT AS successful_completions, NULL::DOUBLE AS successful_completion_rate,
       0::BIGINT AS deaths_in_treatment, 0::BIGINT AS substantial_progress,
       0.0::DOUBLE AS substantial_progress_rate,
       '' AS immature_columns
FROM {_GRID}, (VALUES ('2025-01-01', 6, 6, 6, 6), ('2025-02-01', 22, 16, 16, 8)) m(month, it, ns, refs, cjs);
CREATE TABLE outcomes.treatment_referrals AS
SELECT la_code, month, referral_source,
       (CASE WHEN month = DATE '2025-01-01' AND referral_source = 'required_assessment' THEN 6
             WHEN month = DATE '2025-02-01' AND referral_source IN ('required_assessment', 'self') THEN 8
             ELSE 0 END)::BIGINT AS referrals, immature_columns
FROM cand.treatment_referrals;
"""


def build(path: Path, sql: str) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()
    return path


def broken_copy(good: Path, dest: Path, sql: str) -> Path:
    """A copy of `good` with `sql` applied (the good file stays untouched for other tests)."""
    shutil.copyfile(good, dest)
    return build(dest, sql)


@pytest.fixture(scope="session")
def make_broken(tmp_path_factory):
    """`make_broken(good_path, sql)` -> path of a broken copy (each in its own directory)."""
    def _make(good: Path, sql: str) -> Path:
        return broken_copy(good, tmp_path_factory.mktemp("broken") / good.name, sql)

    return _make


@pytest.fixture(scope="session")
def good_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("quality_good")
    return build(d / "warehouse.duckdb", WAREHOUSE_SQL), build(d / "candidate.duckdb", CANDIDATE_SQL)


@pytest.fixture(scope="session")
def home(tmp_path_factory):
    """One Home (one runtime GX project) for every gate run of the session: creating a GX project
    costs seconds, and runs are told apart by run_id."""
    from continuum.config import Home

    return Home(tmp_path_factory.mktemp("quality_home")).ensure()


NHS_ENV = {"CONTINUUM_DISCLOSURE_MAX_WITHHELD": "7", "CONTINUUM_DISCLOSURE_ROUND_TO": "5"}


@pytest.fixture(scope="module")
def nhs_env():
    """NHS England's agreement (withhold 1..7, round to 5) in the environment, for a module."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in NHS_ENV.items():
            mp.setenv(name, value)
        yield NHS_ENV


@pytest.fixture(scope="module")
def nhs_files(good_files, home, nhs_env, tmp_path_factory):
    """(warehouse, candidate): the good warehouse plus February referrals and exact `outcomes` tables,
    and the candidate the real publisher builds from it under the NHS settings in the environment."""
    from continuum.publish.publisher import DB_NAME, build_candidate

    warehouse, candidate = good_files
    wh = broken_copy(warehouse, tmp_path_factory.mktemp("nhs") / "warehouse.duckdb", NHS_STAGING_SQL)
    con = duckdb.connect(str(wh))
    try:
        con.execute(f"ATTACH '{candidate}' AS cand (READ_ONLY)")
        con.execute(NHS_OUTCOMES_SQL)
        con.execute("DETACH cand")
    finally:
        con.close()
    return wh, build_candidate(wh, home, "nhs") / DB_NAME
