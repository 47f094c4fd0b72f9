"""Which simulated records the feeds carry: the world starts before its reported period.

Lives are simulated from a burn-in before the period (`Preset.burn_in_days`), so that on the first
day of the period people are already in treatment, on probation and on licence, as in a real area.
Without it every caseload starts at zero and climbs for months (treatment populations took about
nine months to level off), which the published series would show as a surge that never happened.

A feed's first delivery is "one large extract of its history" (contracts/feeds.md). Here that
extract holds what a case-management system migrated at go-live would hold: every record of an event
on or after the period start, and the cases still open on that day -- treatment episodes not yet
discharged, probation orders and licences not yet ended. Closed cases from before the period and
arrests and detentions before it are not delivered. The reporting grid starts where all four feeds
have events (dbt `int_period_starts_computed`, `truth.common.period_start`), so open cases dated
before the period do not move it.
"""
from __future__ import annotations

from datetime import date, datetime

ORDER_STARTS = ("community_order_start", "suspended_sentence_start", "licence_start")


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def in_extract(records: list, start: date) -> list:
    """The records of one life that the feeds deliver (see the module docstring). Uses each record's
    latest version: a record is judged by what it finally says, as the truth is."""
    ended_before = {v["order_ref"] for v in (r.versions[-1][1] for r in records if r.feed == "probation")
                    if v["event_type"] == "order_end" and v["event_date"] < start}
    kept = []
    for r in records:
        v = r.versions[-1][1]
        if r.feed == "police":
            keep = _day(v["arrest_at"]) >= start
        elif r.feed == "custody":
            keep = _day(v["detained_at"]) >= start
        elif r.feed == "treatment":
            keep = v["referral_date"] >= start or v["discharge_date"] is None or v["discharge_date"] >= start
        else:
            keep = v["event_date"] >= start or (v["event_type"] in ORDER_STARTS and r.key not in ended_before)
        if keep:
            kept.append(r)
    return kept
