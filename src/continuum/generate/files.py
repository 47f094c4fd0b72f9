"""Writing deliveries exactly as feeds.md says: RFC 4180 CSV (csv module, CRLF), manifest written last."""
from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime
from pathlib import Path


def fmt(value) -> str:
    """The contract's text form: empty for null, ISO dates, ISO timestamps without offset."""
    t = type(value)
    if t is str:
        return value
    if value is None:
        return ""
    if t is datetime:
        return value.isoformat(timespec="seconds")
    if t is date:
        return value.isoformat()
    return str(value)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class CsvOut:
    """A CSV opened for streaming rows; counts them."""

    def __init__(self, path: Path, columns: list[str], bom: bool = False):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.columns = list(columns)
        self.f = open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8")
        self.w = csv.writer(self.f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.w.writerow(self.columns)
        self.rows = 0

    def write(self, row: dict) -> None:
        self.w.writerow([row.get(c, "") for c in self.columns])
        self.rows += 1

    def write_values(self, values: list) -> None:
        self.w.writerow(values)
        self.rows += 1

    def close(self) -> None:
        self.f.close()


def write_manifest(csv_path: Path, feed: str, extract_date: date, row_count: int | None = None,
                   sha256: str | None = None) -> Path:
    """Written after the CSV is complete (its presence says the CSV has fully arrived)."""
    path = csv_path.with_name(csv_path.name[: -len(".csv")] + ".manifest.json")
    body = {"feed": feed, "extract_date": extract_date.isoformat(),
            "row_count": row_count, "sha256": sha256 or sha256_file(csv_path)}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path
