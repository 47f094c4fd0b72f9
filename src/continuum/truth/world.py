"""The generator's truth, read once and typed: the records a correct pipeline ends up with, keyed by
the true `person_id`, plus the reporting frame (cut-off, periods, areas) every measure shares.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from continuum.contracts import CONTRACTS, FEEDS
from continuum.truth import common

# Columns parsed as dates; a timestamp counts by its date (judgement 1), so timestamps become dates too.
_DATE_COLUMNS: dict[str, dict[str, str]] = {
    # feed -> {source column: derived date column}
    "police": {"arrest_at": "arrest_date", "offence_date": "offence_date", "disposal_date": "disposal_date"},
    "custody": {"detained_at": "detained_date", "tested_at": "test_date"},
    "treatment": {
        "referral_date": "referral_date", "assessment_date": "assessment_date",
        "treatment_start_date": "treatment_start_date", "discharge_date": "discharge_date",
        "top_latest_date": "top_latest_date",
    },
    "probation": {"event_date": "event_date"},
}
_INTEGER_COLUMNS = {"treatment": ("top_days_used_start", "top_days_used_latest")}
# Identity and bookkeeping columns no measure reads: left unread, so a national truth (millions of
# records) fits in a fraction of the memory. A measure that needs one must take it out of this set.
_UNREAD = frozenset({
    "surname", "forenames", "date_of_birth", "sex", "ethnicity", "pnc_id", "postcode", "initials",
    "client_ref", "crn", "postcode_district", "force_code", "custody_suite_code", "prison_code",
    "provider_code", "ra_provider_code", "ra_appointment_at", "released_at", "updated_at",
})


@dataclass(frozen=True)
class World:
    police: pd.DataFrame
    custody: pd.DataFrame
    treatment: pd.DataFrame
    probation: pd.DataFrame
    cutoff: pd.Timestamp | None
    months: list[common.Period]
    quarters: list[common.Period]
    areas: list[str]  # sorted la codes, then 'ALL'


def read_records(truth_dir: Path, feed: str) -> pd.DataFrame:
    """One feed's true records, with dates as datetime64 (midnight) and TOP days as Int64.

    A missing file is an empty feed, so a fixture (or a world) without probation still computes."""
    columns = [c for c in CONTRACTS[feed].column_names if c not in _UNREAD] + ["person_id"]
    path = Path(truth_dir) / "records" / f"{feed}.csv"
    if path.exists():
        # Only the empty field is null ("NA" could be a real value).
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig",
                         usecols=lambda c: c not in _UNREAD)
    else:
        df = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    missing = [c for c in columns if c not in df.columns]
    for c in missing:
        df[c] = pd.NA
    for source, target in _DATE_COLUMNS[feed].items():
        df[target] = pd.to_datetime(df[source], format="ISO8601").dt.normalize()
    for c in _INTEGER_COLUMNS.get(feed, ()):
        df[c] = pd.to_numeric(df[c]).astype("Int64")
    return df.reset_index(drop=True)


def read_deliveries(truth_dir: Path) -> pd.DataFrame:
    path = Path(truth_dir) / "deliveries.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df["extract_date"] = pd.to_datetime(df["extract_date"], format="%Y-%m-%d")
    return df


def load_world(truth_dir: Path) -> World:
    frames = {feed: read_records(truth_dir, feed) for feed in FEEDS}
    cutoff = common.cutoff_date(read_deliveries(truth_dir))
    start = common.period_start(
        [frames["police"]["arrest_date"], frames["custody"]["detained_date"],
         frames["treatment"]["referral_date"], frames["probation"]["event_date"]]
    )
    areas = common.areas_listed(
        [frames["police"]["home_la_code"], frames["police"]["arrest_la_code"],
         frames["custody"]["suite_la_code"], frames["treatment"]["la_code"], frames["probation"]["la_code"]]
    )
    return World(
        police=frames["police"], custody=frames["custody"], treatment=frames["treatment"],
        probation=frames["probation"], cutoff=cutoff,
        months=common.months_listed(start, cutoff), quarters=common.quarters_listed(start, cutoff),
        areas=areas,
    )
