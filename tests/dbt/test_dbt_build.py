"""A real `dbt build` of the staging, linkage-input, reporting, core and first outcome models over a
tiny hand-written world (tiny_world.py), with hand-computed expectations."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # raw_fixture, tiny_world (pytest runs with --import-mode=importlib)

import tiny_world  # noqa: E402

PROJECT_DIR = HERE.parents[1] / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
# This part's models; dbt-B's outcome marts are built and tested by their own tests.
SELECTION = [
    "source:*",
    "path:models/staging",
    "path:models/intermediate/linkage",
    "path:models/intermediate/reporting",
    "path:models/intermediate/people",
    "path:models/intermediate/probation",
    "path:models/marts/core",
    "dtoa_funnel",
    "continuity_of_care",
]
IDENTITY_COLUMNS = {
    "surname", "forenames", "first_forename", "initials", "date_of_birth", "postcode", "pnc_id",
    "crn", "client_ref", "source_person_ref",
}
HACKNEY, TOWER_HAMLETS, CALDERDALE = tiny_world.HACKNEY, tiny_world.TOWER_HAMLETS, tiny_world.CALDERDALE


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("dbt_build")
    path = tmp / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    tiny_world.build(con)
    con.close()
    env = {**os.environ, "CONTINUUM_WAREHOUSE": str(path),
           "CONTINUUM_PSEUDONYM_KEY": "test-key", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(
        [str(DBT), "build", "--select", *SELECTION, "--project-dir", str(PROJECT_DIR),
         "--profiles-dir", str(PROJECT_DIR), "--target-path", str(tmp / "target"),
         "--log-path", str(tmp / "logs")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return path


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def rows(con, sql, *params):
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def test_latest_updated_at_wins_whatever_the_arrival_order(con):
    (c1,) = rows(con, "select * from staging.stg_custody__detentions where custody_record_id = 'C1'")
    # three versions: 10T12:00 (1st file), 11T09:00 (2nd file), 10T11:00 replayed in the 3rd file
    assert c1["ra_required"] == "Y"
    assert c1["cocaine_result"] == "positive"
    assert c1["_extract_date"] == date(2025, 2, 28)
    assert con.execute("select count(*) from staging.stg_custody__detentions").fetchone()[0] == 7


def test_no_identity_outside_linkage_inputs(con):
    leaks = rows(con, """
        select table_schema, table_name, column_name from information_schema.columns
        where table_schema in ('staging', 'intermediate', 'core', 'outcomes')
    """)
    assert leaks, "no dbt tables found"
    assert [r for r in leaks if r["column_name"] in IDENTITY_COLUMNS] == []
    linkage_columns = {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'linkage_inputs'"
    ).fetchall()}
    assert {"surname", "forenames", "date_of_birth", "pnc_id"} <= linkage_columns


def test_source_ids_are_pseudonymised(con):
    keys = dict(con.execute("select arrest_id, pnc_key from staging.stg_police__arrests").fetchall())
    assert keys["A1"] is None  # no PNC id: no hash that could link strangers
    assert len(keys["A2"]) == 32 and "2001" not in keys["A2"]
    clients = con.execute("select count(distinct client_key) from staging.stg_treatment__episodes").fetchone()
    assert clients == (4,)


def test_linkage_input_has_one_row_per_latest_record(con):
    counts = dict(con.execute(
        "select feed, count(*) from linkage_inputs.int_identity_records_unioned group by feed").fetchall())
    assert counts == {"police": 2, "custody": 7, "treatment": 4, "probation": 4}
    (a1,) = rows(con, "select * from linkage_inputs.int_identity_records_unioned where record_key = 'A1'")
    assert (a1["first_forename"], a1["initials"], a1["la_code"], a1["postcode_district"]) == (
        "John", "JS", CALDERDALE, "E8")
    # an arrest leaves a hand-over trail for an arrest referral from the person's (here: arresting) authority
    assert a1["handover_key"] == f"arrest:{CALDERDALE}"


def test_cutoff_periods_and_areas(con):
    assert con.execute("select cutoff_date from intermediate.int_cutoff_dates_computed").fetchall() == [
        (date(2025, 5, 31),)]  # police's rejected 2025-07-31 file does not count
    months = [r[0] for r in con.execute(
        "select month from intermediate.int_reporting_months_listed order by month").fetchall()]
    assert months == [date(2025, m, 1) for m in range(1, 6)]
    areas = {r[0] for r in con.execute("select la_code from intermediate.int_areas_listed").fetchall()}
    assert areas == {"ALL", HACKNEY, TOWER_HAMLETS, CALDERDALE}


def test_dtoa_funnel(con):
    columns = [r[0] for r in con.execute("select column_name from information_schema.columns "
                                         "where table_schema = 'outcomes' and table_name = 'dtoa_funnel' "
                                         "order by ordinal_position").fetchall()]
    assert columns == [
        "la_code", "month", "tests", "positive", "positive_cocaine_only", "positive_opiates_only",
        "positive_both", "ra_required", "ra_attended", "treatment_started", "positive_rate",
        "ra_attended_rate", "treatment_started_rate", "immature_columns"]
    grid = {(r["la_code"], r["month"]): r for r in rows(con, "select * from outcomes.dtoa_funnel")}
    assert len(grid) == 4 * 5
    jan = grid[(HACKNEY, date(2025, 1, 1))]
    # C1 cocaine (RA: day-28 assessment, day-90 start), C2 opiates (day 29, day 91), C3 both (no RA),
    # C4 negative; C5 and C7 (dated, "positive") not tested.
    assert {k: jan[k] for k in columns[2:]} == {
        "tests": 4, "positive": 3, "positive_cocaine_only": 1, "positive_opiates_only": 1,
        "positive_both": 1, "ra_required": 2, "ra_attended": 1, "treatment_started": 1,
        "positive_rate": 0.75, "ra_attended_rate": 0.5, "treatment_started_rate": 0.5,
        "immature_columns": ""}
    assert {k: grid[("ALL", date(2025, 1, 1))][k] for k in columns[2:]} == {k: jan[k] for k in columns[2:]}
    feb = grid[(TOWER_HAMLETS, date(2025, 2, 1))]
    assert (feb["tests"], feb["ra_required"], feb["ra_attended"], feb["ra_attended_rate"]) == (1, 1, 0, 0.0)
    empty = grid[(CALDERDALE, date(2025, 1, 1))]
    assert (empty["tests"], empty["positive_rate"]) == (0, None)
    assert grid[(HACKNEY, date(2025, 3, 1))]["immature_columns"] == "treatment_started,treatment_started_rate"
    may = grid[("ALL", date(2025, 5, 1))]
    assert (may["ra_attended"], may["treatment_started"]) == (None, None)
    assert may["immature_columns"] == "ra_attended,treatment_started,ra_attended_rate,treatment_started_rate"


def test_continuity_of_care(con):
    grid = {(r["la_code"], r["month"]): r for r in rows(con, "select * from outcomes.continuity_of_care")}
    assert len(grid) == 4 * 5
    for area in (TOWER_HAMLETS, "ALL"):  # P6 engaged on day 21, P7 on day 22, P8 had no need
        march = grid[(area, date(2025, 3, 1))]
        assert (march["releases_with_need"], march["engaged_21d"], march["engaged_21d_rate"],
                march["immature_columns"]) == (2, 1, 0.5, "")
    assert grid[(HACKNEY, date(2025, 3, 1))]["releases_with_need"] == 0
    assert grid[("ALL", date(2025, 5, 1))]["immature_columns"] == "engaged_21d,engaged_21d_rate"


def test_journeys_answer_days_between_steps(con):
    (c1,) = rows(con, "select * from core.fct_journeys where journey_id = 'positive_test:C1'")
    assert (c1["days_to_ra_attended"], c1["days_to_treatment_start"], c1["treatment_episode_id"]) == (
        28, 90, "T1")
    assert (c1["first_reoffence_arrest_id"], c1["days_to_reoffence"], c1["proven_reoffences"]) == ("A2", 22, 1)
    assert c1["days_observed"] == (date(2025, 5, 31) - date(2025, 1, 10)).days
    median = con.execute("""
        select la_code, median(days_to_treatment_start) from core.fct_journeys
        where index_type = 'positive_test' group by la_code order by la_code""").fetchall()
    assert median == [(HACKNEY, 90.5), (TOWER_HAMLETS, None)]
    people = dict(con.execute("select person_key, records from core.dim_people").fetchall())
    assert people["pk_p1"] == 4 and len(people) == 9  # p9: the order ending that anchors the period start
