"""Which deliveries are in the landing area, and whether each is complete.

The manifest is written last, so a CSV without one is still arriving ("waiting"): reported, never
loaded, never an error. A manifest without its CSV, or one that cannot be read, is a rejected delivery.
Files that do not follow the `<feed>_<YYYYMMDD>` naming are listed as ignored so nothing in the landing
area goes unmentioned.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from continuum.contracts import feed as contract_feed

READY, WAITING, REJECTED, IGNORED = "ready", "waiting", "rejected", "ignored"


@dataclass(frozen=True)
class Manifest:
    feed: str
    extract_date: date
    row_count: int
    sha256: str


@dataclass(frozen=True)
class Delivery:
    """One delivery of a feed. `state` is 'ready' (CSV + readable manifest), 'waiting' (CSV, no
    manifest yet), 'rejected' (`rule`/`reason` say why) or 'ignored' (a file not named like a delivery;
    `extract_date` is None)."""

    feed: str
    file_name: str
    extract_date: date | None
    csv_path: Path | None
    manifest_path: Path | None
    state: str
    manifest: Manifest | None = None
    rule: str | None = None
    reason: str | None = None

    @property
    def is_ready(self) -> bool:
        return self.state == READY


class ManifestError(ValueError):
    def __init__(self, rule: str, reason: str):
        super().__init__(f"{rule}: {reason}")
        self.rule, self.reason = rule, reason


_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def read_manifest(path: Path, feed_name: str, file_date: date) -> Manifest:
    """Parse and check a manifest against its feed and file name; raises ManifestError."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError("manifest_invalid", f"manifest {path.name} is not valid UTF-8 JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ManifestError("manifest_invalid", f"manifest {path.name} is not a JSON object")
    missing = [k for k in ("feed", "extract_date", "row_count", "sha256") if k not in data]
    if missing:
        raise ManifestError("manifest_invalid", f"manifest {path.name} lacks {', '.join(missing)}")
    if data["feed"] != feed_name:
        raise ManifestError(
            "manifest_feed_mismatch",
            f"manifest {path.name} is for feed {data['feed']!r}, but was delivered to {feed_name!r}",
        )
    extract = data["extract_date"]
    try:
        if not (isinstance(extract, str) and _ISO_DATE.match(extract)):
            raise ValueError
        extract_date = date.fromisoformat(extract)
    except ValueError:
        raise ManifestError("manifest_invalid", f"manifest {path.name}: extract_date {extract!r} is not a YYYY-MM-DD date") from None
    if extract_date != file_date:
        raise ManifestError(
            "manifest_invalid",
            f"manifest {path.name}: extract_date {extract} does not match the file name's date {file_date.isoformat()}",
        )
    count = data["row_count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ManifestError("manifest_invalid", f"manifest {path.name}: row_count {count!r} is not a non-negative integer")
    digest = data["sha256"]
    if not (isinstance(digest, str) and _HEX64.match(digest)):
        raise ManifestError("manifest_invalid", f"manifest {path.name}: sha256 {digest!r} is not 64 hex digits")
    return Manifest(feed_name, extract_date, count, digest.lower())


def discover(landing: Path, feed: str) -> list[Delivery]:
    """Every delivery of `feed` under `<landing>/<feed>/`, ordered by extract date (ignored files last).

    All states are returned so callers can report them; load only those with `is_ready`.
    """
    contract_feed(feed)  # unknown feed -> KeyError naming the feeds
    folder = Path(landing) / feed
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(feed)}_([0-9]{{8}})(\.csv|\.manifest\.json)$")
    csvs: dict[str, Path] = {}
    manifests: dict[str, Path] = {}
    ignored: list[Delivery] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        m = pattern.match(path.name)
        if not m:
            ignored.append(Delivery(feed, path.name, None, path, None, IGNORED,
                                    reason=f"{path.name} is not named {feed}_YYYYMMDD.csv or .manifest.json"))
            continue
        (csvs if m.group(2) == ".csv" else manifests)[m.group(1)] = path
    out: list[Delivery] = []
    for stamp in sorted(set(csvs) | set(manifests)):
        csv_path, man_path = csvs.get(stamp), manifests.get(stamp)
        file_name = f"{feed}_{stamp}.csv"
        try:
            file_date = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            out.append(Delivery(feed, file_name, None, csv_path, man_path, IGNORED,
                                reason=f"{file_name}: {stamp} is not a calendar date"))
            continue
        if man_path is None:
            out.append(Delivery(feed, file_name, file_date, csv_path, None, WAITING, rule="no_manifest",
                                reason=f"{file_name} has no manifest yet (still arriving?)"))
            continue
        if csv_path is None:
            out.append(Delivery(feed, file_name, file_date, None, man_path, REJECTED, rule="manifest_without_csv",
                                reason=f"manifest {man_path.name} has no {file_name} beside it"))
            continue
        try:
            manifest = read_manifest(man_path, feed, file_date)
        except ManifestError as exc:
            out.append(Delivery(feed, file_name, file_date, csv_path, man_path, REJECTED, rule=exc.rule, reason=exc.reason))
            continue
        out.append(Delivery(feed, file_name, file_date, csv_path, man_path, READY, manifest=manifest))
    return out + ignored

