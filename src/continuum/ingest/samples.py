"""Writing deliveries by hand: valid sample rows and a correct manifest for any bytes.

Used by the tests, the bad-input corpus tooling and the throughput benchmark, which all need landing
files that differ from a valid delivery in exactly one chosen way.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from continuum.contracts import CONTRACTS, file_name, manifest_name

_BASE = {
    "police": {
        "force_code": "met", "pnc_id": "2001/1234567X", "surname": "Smith", "forenames": "John Paul",
        "date_of_birth": "1980-01-31", "sex": "M", "postcode": "E8 1AA", "home_la_code": "E09000012",
        "arrest_at": "2025-01-01T10:00:00", "arrest_la_code": "E09000012", "offence_date": "2025-01-01",
        "offence_group": "theft", "disposal": "charged", "disposal_date": "2025-01-05", "ethnicity": "white",
        "updated_at": "2025-01-05T10:00:00",
    },
    "custody": {
        "arrest_id": "A1", "custody_suite_code": "HACK01", "suite_la_code": "E09000012", "pnc_id": "",
        "surname": "Jones", "forenames": "Ann", "date_of_birth": "1990-05-06", "sex": "F",
        "detained_at": "2025-01-01T11:00:00", "released_at": "2025-01-01T20:00:00",
        "test_reason": "trigger_offence", "tested_at": "2025-01-01T12:00:00", "cocaine_result": "positive",
        "opiates_result": "negative", "ra_required": "Y", "ra_appointment_at": "2025-01-08T09:30:00",
        "ra_provider_code": "P01", "ethnicity": "black", "updated_at": "2025-01-02T08:00:00",
    },
    "treatment": {
        "provider_code": "P01", "client_ref": "C1", "initials": "AJ", "date_of_birth": "1990-05-06",
        "sex": "F", "la_code": "E09000012", "postcode_district": "E8", "custody_record_id": "",
        "referral_source": "required_assessment", "referral_date": "2025-01-03", "assessment_date": "2025-01-08",
        "treatment_start_date": "2025-01-10", "primary_substance": "cocaine", "discharge_date": "",
        "discharge_reason": "", "top_days_used_start": "20", "top_days_used_latest": "4",
        "top_latest_date": "2025-01-10", "ethnicity": "", "updated_at": "2025-01-10T09:00:00",
    },
    "probation": {
        "crn": "X123456", "pnc_id": "1999/7654321Z", "surname": "Brown", "forenames": "Sam",
        "date_of_birth": "1985-12-01", "sex": "M", "la_code": "E08000033", "event_type": "licence_start",
        "event_date": "2025-01-04", "prison_code": "HMP1", "drug_requirement": "none",
        "substance_misuse_need": "Y", "termination_reason": "", "order_ref": "", "ethnicity": "not_stated",
        "updated_at": "2025-01-04T09:00:00",
    },
}


def sample_row(feed: str, i: int = 1, **overrides: str) -> dict[str, str]:
    """A valid record of `feed` with key `<K><i>`, every contract column present, as strings."""
    contract = CONTRACTS[feed]
    row = {contract.key: f"{feed[0].upper()}{i}"}
    row.update(_BASE[feed])
    row.update(overrides)
    return {c: row.get(c, "") for c in contract.column_names} | {k: v for k, v in overrides.items()
                                                                   if k not in contract.column_names}


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None, newline: str = "\r\n") -> str:
    """RFC 4180 text: every field quoted only when it needs to be."""
    columns = columns or list(rows[0])
    def q(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\r\n') else v
    return "".join(",".join(q(r.get(c, "")) for c in cols) + newline
                   for cols, r in [(columns, dict(zip(columns, columns)))] + [(columns, r) for r in rows])


def manifest_for(feed: str, extract_date: str, data: bytes, row_count: int) -> dict:
    return {"feed": feed, "extract_date": extract_date, "row_count": row_count,
            "sha256": hashlib.sha256(data).hexdigest()}


def write_delivery(landing: Path, feed: str, extract_date: str, data: bytes, row_count: int,
                   manifest: dict | None = None) -> Path:
    """Write `<feed>_<date>.csv` and then (last, as a source system must) its manifest."""
    folder = Path(landing) / feed
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(feed, extract_date)
    path.write_bytes(data)
    man = manifest if manifest is not None else manifest_for(feed, extract_date, data, row_count)
    (folder / manifest_name(feed, extract_date)).write_text(json.dumps(man))
    return path


def write_rows(landing: Path, feed: str, extract_date: str, rows: list[dict[str, str]], **kw) -> Path:
    data = csv_text(rows, **kw).encode("utf-8")
    return write_delivery(landing, feed, extract_date, data, len(rows))


def synthetic_rows(feed: str, n: int, start: int = 1):
    """n distinct valid records (varied keys and dates), for volume tests and benchmarks."""
    base = date(2020, 1, 1)
    for i in range(start, start + n):
        d = (base + timedelta(days=i % 1800)).isoformat()
        yield sample_row(feed, i, updated_at=f"{d}T12:00:00")
