"""An independent check of a landing area against the contracts, used by the generator's tests to prove
that every breach in a world is one that truth/defects.csv labels (and nothing else breaks).

Deliberately written from `continuum.contracts` alone, with plain Python, not ingestion's SQL, so the
two implementations check each other.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from continuum.contracts import CONTRACTS, DATE_PATTERN, LA_CODE_RE, PNC_ID_PATTERN, TIMESTAMP_PATTERN

_DATE = re.compile(DATE_PATTERN)
_TS = re.compile(TIMESTAMP_PATTERN)
_PNC = re.compile(PNC_ID_PATTERN)
_INT = re.compile(r"^-?[0-9]+$")
FUTURE_DATE_EXEMPT = {("custody", "ra_appointment_at")}


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    return header, rows


def _parse_date(v: str) -> date | None:
    if not _DATE.match(v):
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def _parse_ts(v: str) -> datetime | None:
    if not _TS.match(v):
        return None
    try:
        return datetime.strptime(v, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def row_rule(feed: str, row: dict, extract_date: date) -> tuple[str, str] | None:
    """The first contract rule the row breaks, as (rule, column), in contract column order."""
    contract = CONTRACTS[feed]
    latest = extract_date + timedelta(days=1)
    for col in contract.columns:
        if col.name not in row:
            continue
        v = row[col.name]
        blank = v.strip() == ""
        if col.required and blank:
            return "missing_required_value", col.name
        if blank:
            continue
        exempt = (feed, col.name) in FUTURE_DATE_EXEMPT
        if col.type == "code" and col.codes and v not in col.codes:
            return "invalid_code", col.name
        if col.type == "date":
            d = _parse_date(v)
            if d is None:
                return "invalid_date", col.name
            if d > latest and not exempt:
                return "future_date", col.name
        if col.type == "timestamp":
            t = _parse_ts(v)
            if t is None:
                return "invalid_timestamp", col.name
            if t.date() > latest and not exempt:
                return "future_date", col.name
        if col.type == "integer":
            if not _INT.match(v):
                return "invalid_integer", col.name
            n = int(v)
            if (col.minimum is not None and n < col.minimum) or (col.maximum is not None and n > col.maximum):
                return "out_of_range", col.name
        if col.type == "la_code" and not LA_CODE_RE.match(v):
            return "invalid_la_code", col.name
        if col.type == "pnc_id" and not _PNC.match(v):
            return "invalid_pnc_id", col.name
    for cond in contract.conditionals:
        when = row.get(cond.when_column, "").strip()
        if cond.when_values is None:
            trig = when != ""
        else:
            trig = (when not in cond.when_values) if cond.negate else (when in cond.when_values)
        if trig and row.get(cond.then_column, "").strip() == "":
            return cond.rule, cond.then_column
    return None


def check_landing(landing: Path) -> list[tuple[str, str, int | None, str]]:
    """Every breach found: (feed, file_name, row_number or None for the file, rule)."""
    found = []
    for feed, contract in CONTRACTS.items():
        for path in sorted((landing / feed).glob("*.csv")):
            extract = date(int(path.stem[-8:-4]), int(path.stem[-4:-2]), int(path.stem[-2:]))
            manifest = path.with_name(path.stem + ".manifest.json")
            if not manifest.exists():
                found.append((feed, path.name, None, "no_manifest"))
                continue
            m = json.loads(manifest.read_text(encoding="utf-8"))
            if m["sha256"] != hashlib.sha256(path.read_bytes()).hexdigest():
                found.append((feed, path.name, None, "manifest_sha256_mismatch"))
                continue
            header, rows = read_csv(path)
            if m["row_count"] != len(rows) or m["feed"] != feed or m["extract_date"] != extract.isoformat():
                found.append((feed, path.name, None, "manifest_row_count_mismatch"))
                continue
            if any(c not in header for c in contract.required_columns):
                found.append((feed, path.name, None, "missing_required_column"))
                continue
            if any(c not in contract.column_names for c in header):
                found.append((feed, path.name, None, "unknown_column"))
            counts = Counter(r[contract.key] for r in rows)
            for i, row in enumerate(rows, start=1):
                broken = row_rule(feed, row, extract)
                if broken is None and counts[row[contract.key]] > 1:
                    broken = ("duplicate_key_in_file", contract.key)
                if broken:
                    found.append((feed, path.name, i, broken[0]))
    return found
