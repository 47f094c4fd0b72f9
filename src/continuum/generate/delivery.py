"""Turning record histories into the nightly deliveries: one history extract, then a delta per day.

A delta of day D holds the latest version, as of the end of D, of every record changed on D (so a key
appears at most once per file). The history extract (extract date = the history date H) holds each
record's latest version as of the end of H. Every file is placed in a `DeliveryFile` first, so that the
delivery mess and the defects can be planned over all files before anything is written, and so that the
truth is computed from exactly what a correct pipeline would load.

Where mess lives on disk (the landing area holds one file per name, so it cannot show time):
- delivered twice: the file is in `landing/` and an identical copy (CSV + manifest) in
  `redelivered/<feed>/`; replaying that copy into the landing area after a load must be a no-op
  (ingest: status 'duplicate'). deliveries.csv marks it `delivered_twice=true`.
- a feed a day late: its last file is in `late/<feed>/`, not in `landing/`; deliveries.csv lists it with
  `late_days=1, expected_status=waiting`, so the cut-off is the day before the end.
- out of order: a file with `late_days=1` that is in `landing/`; deliveries.csv rows are in arrival
  order, so it is listed after the next day's file. Latest `updated_at` wins, so the truth is unchanged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from continuum.contracts import CONTRACTS, FEEDS, file_name


@dataclass
class DeliveryFile:
    feed: str
    extract_date: date
    rows: list[dict] = field(default_factory=list)     # column -> text, in file order
    keys: list[str] = field(default_factory=list)
    defective: dict[int, tuple[str, str]] = field(default_factory=dict)  # row index -> (defect, rule)
    columns: list[str] = field(default_factory=list)
    bom: bool = False
    manifest: str = "ok"        # ok | wrong_count | wrong_hash | none
    file_defect: tuple[str, str, str] | None = None   # (defect, expected_outcome, rule)
    delivered_twice: bool = False
    late_days: int = 0
    location: str = "landing"   # landing | late (not yet arrived at the end of the period)

    @property
    def name(self) -> str:
        return file_name(self.feed, self.extract_date.isoformat())

    @property
    def expected_status(self) -> str:
        if self.location != "landing" or self.manifest == "none":
            return "waiting"
        if self.file_defect and self.file_defect[1] == "rejected_file":
            return "rejected"
        return "loaded"


def plan_delta_files(delta_rows: dict[str, dict[date, dict[str, dict]]], history_date: date, end: date,
                     noise, rng: random.Random) -> dict[str, list[DeliveryFile]]:
    """One file per feed per day after the history date (empty days still deliver an empty file)."""
    files: dict[str, list[DeliveryFile]] = {}
    for feed in FEEDS:
        cols = list(CONTRACTS[feed].column_names)
        out = []
        d = history_date + timedelta(days=1)
        while d <= end:
            by_key = delta_rows.get(feed, {}).get(d, {})
            f = DeliveryFile(feed, d, columns=list(cols))
            for key in sorted(by_key):
                f.rows.append(by_key[key])
                f.keys.append(key)
            if noise.bom_feed == feed:
                f.bom = True
            if noise.shuffled_columns_feed == feed:
                rng.shuffle(f.columns)
            out.append(f)
            d += timedelta(days=1)
        files[feed] = out
    return files


def plan_delivery_mess(files: dict[str, list[DeliveryFile]], noise, rng: random.Random,
                       late_feed: str | None) -> list[DeliveryFile]:
    """Delivered-twice and out-of-order files (neither changes the truth) and a late last file (which
    moves the cut-off a day earlier). Returns the files in arrival order."""
    deltas = [f for feed in FEEDS for f in files[feed]]
    not_last = [f for feed in FEEDS for f in files[feed][:-1]]
    for f in rng.sample(not_last, min(noise.delivered_twice, len(not_last))):
        f.delivered_twice = True
    for f in rng.sample(not_last, min(noise.out_of_order, len(not_last))):
        f.late_days = 1
    if late_feed and files.get(late_feed):
        last = files[late_feed][-1]
        last.late_days, last.location = 1, "late"
    arrival = sorted(deltas, key=lambda f: (f.extract_date + timedelta(days=f.late_days), f.late_days,
                                            FEEDS.index(f.feed)))
    return arrival
