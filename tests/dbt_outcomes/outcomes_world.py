"""A tiny hand-written world for the treatment, re-presentation and reoffending marts.

Cut-off 2025-09-30 (every feed's latest loaded extract; treatment's is an empty delta file whose
absence, in the "a day late" test, moves the cut-off to 2025-09-29). Period start January 2024: the
first date every feed has begun (treatment T1 2024-01-05, police and custody 2024-01-15, probation
V0 2024-01-12, an order ending that no measure counts): months January 2024 to September 2025,
quarters Q1 2024 to Q3 2025. Areas Hackney (H), Tower Hamlets (T), Newham (N) and ALL.

People (person keys `pk_<name>`):
- p1: T1 (H, required assessment) started 2024-01-10, completed 2024-03-31 (a month's last day);
  T2 (T, self) referred 2024-09-29 = day 182 after that discharge (a re-presentation), started
  2024-10-01, TOP 20 -> 10 (exactly half) reviewed 2025-06-15.
- p2: T3 (H, probation) started 2024-02-05, completed 2024-06-30; T4 (H, gp) referred 2024-12-30 =
  day 183 (not a re-presentation), never started.
- p3: T5 (N, prison) started 2024-04-01, died 2024-05-01 (a month's first day).
- p4: positive tests C1 (H) 2024-01-15 = I and C2 (T) 2024-02-20, same quarter (only C1 counts).
  Police records: A1 offence on I (not a reoffence), A2 offence on day 365 (counted), A3 on day 366
  (not), A4 caution disposed of on day 547 (counted), A5 disposed of on day 548 (not).
- p5: licence release V1 (T) 2024-02-10, DRR community order V2 (T) 2024-03-05, diversionary
  caution A6 for an offence on 2024-05-01 arrested in N: a reoffence of V1 and V2, and an
  out-of-court index event in Q2 2024 (immature).
"""
from __future__ import annotations

from datetime import date, timedelta

import duckdb

from raw_fixture import RawWorld, custody, police, probation, treatment

H, T, N = "E09000012", "E09000030", "E09000025"

I_P4 = date(2024, 1, 15)


def day(offset: int, start: date = I_P4) -> str:
    return (start + timedelta(days=offset)).isoformat()


def build(con: duckdb.DuckDBPyConnection) -> RawWorld:
    world = RawWorld(con)

    world.load("treatment", "2025-09-29", [
        treatment("T1", "2024-01-05", la_code=H, referral_source="required_assessment",
                  treatment_start_date="2024-01-10", discharge_date="2024-03-31",
                  discharge_reason="completed_drug_free", _person="p1"),
        treatment("T2", day(182, date(2024, 3, 31)), la_code=T, referral_source="self",
                  provider_code="PROV2", treatment_start_date="2024-10-01",
                  top_days_used_start="20", top_days_used_latest="10",
                  top_latest_date="2025-06-15", _person="p1"),
        treatment("T3", "2024-02-01", la_code=H, referral_source="probation",
                  treatment_start_date="2024-02-05", discharge_date="2024-06-30",
                  discharge_reason="completed_occasional_user", _person="p2"),
        treatment("T4", day(183, date(2024, 6, 30)), la_code=H, referral_source="gp",
                  _person="p2"),
        treatment("T5", "2024-03-01", la_code=N, referral_source="prison",
                  treatment_start_date="2024-04-01", discharge_date="2024-05-01",
                  discharge_reason="died", _person="p3"),
    ])
    # an empty delta: nothing changed, but the feed is up to date to 2025-09-30
    world.load("treatment", "2025-09-30", [])

    world.load("custody", "2025-09-30", [
        custody("C1", f"{I_P4.isoformat()}T12:00:00", cocaine="positive", suite_la_code=H,
                _person="p4"),
        custody("C2", "2024-02-20T12:00:00", opiates="positive", suite_la_code=T, _person="p4"),
    ])

    def proven(arrest_id, offence_date, disposal, disposal_date, **kw):
        return police(arrest_id, f"{offence_date}T20:00:00", offence_date=offence_date,
                      disposal=disposal, disposal_date=disposal_date, **kw)

    world.load("police", "2025-09-30", [
        proven("A1", day(0), "convicted", day(40), _person="p4"),
        proven("A2", day(365), "convicted", day(400), _person="p4"),
        proven("A3", day(366), "convicted", day(400), _person="p4"),
        proven("A4", "2024-06-01", "caution", day(547), _person="p4"),
        proven("A5", "2024-06-02", "convicted", day(548), _person="p4"),
        proven("A6", "2024-05-01", "diversionary_caution", "2024-05-10", arrest_la_code=N,
               home_la_code=T, _person="p5"),
    ])

    world.load("probation", "2025-09-30", [
        probation("V0", "order_end", "2024-01-12", la_code=H, crn="X000009", termination_reason="completed",
                  _person="p9"),
        probation("V1", "licence_start", "2024-02-10", la_code=T, crn="X000005", _person="p5"),
        probation("V2", "community_order_start", "2024-03-05", la_code=T, crn="X000005",
                  drug_requirement="drr", _person="p5"),
    ])

    world.link()
    return world
