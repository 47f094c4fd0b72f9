"""The world is already running on its first reported day: lives start a burn-in before it, and the
feeds carry every event from the start plus the cases still open on that day (generate.window)."""
from __future__ import annotations

import statistics
from datetime import date

from continuum.generate.presets import PRESETS
from continuum.generate.validate import read_csv

START = PRESETS["tiny"].start


def _records(world, feed):
    return read_csv(world / "truth" / "records" / f"{feed}.csv")[1]


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def test_only_open_cases_are_dated_before_the_start(tiny_world):
    assert all(_day(r["arrest_at"]) >= START for r in _records(tiny_world, "police"))
    assert all(_day(r["detained_at"]) >= START for r in _records(tiny_world, "custody"))

    episodes = _records(tiny_world, "treatment")
    earlier = [e for e in episodes if _day(e["referral_date"]) < START]
    assert earlier, "no treatment episode open on the first day: the burn-in did not run"
    assert all(not e["discharge_date"] or _day(e["discharge_date"]) >= START for e in earlier)

    events = _records(tiny_world, "probation")
    ended_before = {e["order_ref"] for e in events if e["event_type"] == "order_end" and _day(e["event_date"]) < START}
    assert not ended_before
    starts_before = [e for e in events if _day(e["event_date"]) < START]
    assert starts_before, "no order or licence running on the first day"
    assert all(e["event_type"] != "order_end" for e in starts_before)
    ids = {e["event_id"] for e in events}
    assert all(e["order_ref"] in ids for e in events if e["event_type"] == "order_end")  # no dangling end


def test_treatment_caseload_does_not_start_from_zero(tiny_world):
    rows = [r for r in read_csv(tiny_world / "truth" / "expected" / "treatment_activity.csv")[1]
            if r["la_code"] == "ALL"]
    rows.sort(key=lambda r: r["month"])
    in_treatment = [int(r["in_treatment"]) for r in rows]
    assert rows[0]["month"] == START.isoformat()  # the grid starts with the reported period
    # without the burn-in the first month held a small fraction of the later caseload
    assert in_treatment[0] >= 0.6 * statistics.median(in_treatment), in_treatment
