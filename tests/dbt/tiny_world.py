"""A tiny hand-written world whose outcome numbers are computed by hand (see test_dbt_build.py).

Cut-off 2025-05-31 (police's latest loaded extract; its later file was rejected), period start
January 2025 (the first date every feed has begun: probation's P0 on 2025-01-08, an order ending that
no measure counts, after arrest A1, test C1 and referral T1): months January to May 2025. Areas E09000012 (Hackney), E09000030
(Tower Hamlets), E08000033 (Calderdale, only as an arrest area) and ALL.
"""
from __future__ import annotations

import duckdb

from raw_fixture import RawWorld, custody, police, probation, treatment

HACKNEY, TOWER_HAMLETS, CALDERDALE = "E09000012", "E09000030", "E08000033"


def build(con: duckdb.DuckDBPyConnection) -> RawWorld:
    world = RawWorld(con)

    # police: A1 (p1) is the earliest event; A2 is p1's proven reoffence after the test C1.
    world.load("police", "2025-05-31", [
        police("A1", "2025-01-05T22:00:00", home_la_code=None, arrest_la_code=CALDERDALE,
               _person="p1"),
        police("A2", "2025-02-01T10:00:00", disposal="convicted", disposal_date="2025-03-01",
               pnc_id="2001/0000001A", _person="p1"),
    ])
    world.load("police", "2025-07-31", [police("A9", "2025-07-01T10:00:00")], status="rejected")

    # custody: C1 arrives in three versions; the one with the latest updated_at (2nd file) wins.
    world.load("custody", "2025-01-31", [
        custody("C1", "2025-01-10T12:00:00", cocaine="positive", ra_required="N",
                updated_at="2025-01-10T12:00:00", _person="p1"),
        custody("C2", "2025-01-12T12:00:00", opiates="positive", ra_required="Y", _person="p2"),
        custody("C3", "2025-01-15T12:00:00", cocaine="positive", opiates="positive",
                ra_required="N", _person="p3"),
        custody("C4", "2025-01-20T12:00:00", _person="p4"),
        custody("C5", None, detained_at="2025-01-21T08:00:00", _person="p4"),
        # not a test, although dated and "positive": neither a test nor a positive
        custody("C7", "2025-01-22T12:00:00", cocaine="positive", ra_required="Y",
                test_reason="not_tested", _person="p4"),
    ])
    world.load("custody", "2025-02-28", [
        custody("C1", "2025-01-10T12:00:00", cocaine="positive", ra_required="Y",
                updated_at="2025-01-11T09:00:00", _person="p1"),
        custody("C6", "2025-02-03T12:00:00", cocaine="positive", ra_required="Y",
                suite_la_code=TOWER_HAMLETS, _person="p5"),
    ])
    world.load("custody", "2025-06-15", [  # a late replay of C1's first version: must not win
        custody("C1", "2025-01-10T12:00:00", cocaine="negative", ra_required="N",
                updated_at="2025-01-10T11:00:00", _person="p1"),
    ])

    # treatment: p1 assessed on day 28 and started on day 90 (counted); p2 on days 29 and 91 (not).
    world.load("treatment", "2025-06-15", [
        treatment("T1", "2025-01-11", assessment_date="2025-02-07",
                  treatment_start_date="2025-04-10", _person="p1"),
        treatment("T2", "2025-01-13", assessment_date="2025-02-10",
                  treatment_start_date="2025-04-13", _person="p2"),
        treatment("T6", "2025-03-10", referral_source="prison", treatment_start_date="2025-03-22",
                  _person="p6"),
        treatment("T7", "2025-03-10", referral_source="prison", treatment_start_date="2025-03-27",
                  _person="p7"),
    ])

    # probation: releases with need on 1 and 5 March; p6 starts treatment on day 21, p7 on day 22.
    world.load("probation", "2025-06-30", [
        probation("P0", "order_end", "2025-01-08", crn="X000009", la_code=HACKNEY, termination_reason="completed",
                  _person="p9"),
        probation("P6", "licence_start", "2025-03-01", crn="X000006", substance_misuse_need="Y",
                  _person="p6"),
        probation("P7", "licence_start", "2025-03-05", crn="X000007", substance_misuse_need="Y",
                  _person="p7"),
        probation("P8", "licence_start", "2025-03-06", crn="X000008", substance_misuse_need="N",
                  _person="p8"),
    ])

    world.link()
    return world
