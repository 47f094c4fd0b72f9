"""A hand-built truth directory: a few records per feed, written as the generator writes them
(records/<feed>.csv with contract columns + person_id, deliveries.csv), so each test states its
world in a handful of lines and its expected numbers literally."""
from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from continuum.contracts import CONTRACTS, FEEDS
from continuum.truth.expected import expected_tables

A = "E09000012"  # Hackney
B = "E09000030"  # Tower Hamlets

_DEFAULTS = {
    "police": dict(force_code="met", surname="Smith", forenames="John", date_of_birth="1980-01-01", sex="M",
                   arrest_la_code=A, offence_group="theft", disposal="pending"),
    "custody": dict(custody_suite_code="S1", suite_la_code=A, surname="Smith", forenames="John",
                    date_of_birth="1980-01-01", sex="M", test_reason="trigger_offence",
                    cocaine_result="negative", opiates_result="negative", ra_required="N"),
    "treatment": dict(provider_code="PR1", client_ref="c1", initials="JS", date_of_birth="1980-01-01", sex="M",
                      la_code=A, referral_source="self", primary_substance="opiates"),
    "probation": dict(crn="X1", surname="Smith", forenames="John", date_of_birth="1980-01-01", sex="M",
                      la_code=A, event_type="order_end"),
}


class TruthBuilder:
    def __init__(self, root: Path):
        self.root = root
        self.rows: dict[str, list[dict]] = {f: [] for f in FEEDS}
        self.deliveries: list[dict] = []
        self._ids = itertools.count(1)

    def _add(self, feed: str, person: str, key_prefix: str, values: dict) -> str:
        key_col = CONTRACTS[feed].key
        row = {**_DEFAULTS[feed], **values, "person_id": person}
        row.setdefault(key_col, f"{key_prefix}{next(self._ids):04d}")
        row.setdefault("updated_at", "2025-01-01T00:00:00")
        self.rows[feed].append(row)
        return row[key_col]

    def police(self, person: str, *, offence_date: str, **kw) -> str:
        kw.setdefault("arrest_at", f"{offence_date}T12:00:00")
        return self._add("police", person, "A", {"offence_date": offence_date, **kw})

    def custody(self, person: str, *, tested_at: str | None = None, **kw) -> str:
        """`tested_at` may be a date; it is given a time of day, which must not matter."""
        if tested_at and "T" not in tested_at:
            tested_at += "T23:30:00"
        kw.setdefault("detained_at", tested_at or "2025-01-15T10:00:00")
        if tested_at is None:
            kw.setdefault("test_reason", "not_tested")
        return self._add("custody", person, "C", {"tested_at": tested_at, **kw})

    def treatment(self, person: str, **kw) -> str:
        dates = [kw[c] for c in ("assessment_date", "treatment_start_date") if kw.get(c)]
        kw.setdefault("referral_date", min(dates) if dates else "2025-01-01")
        return self._add("treatment", person, "T", kw)

    def probation(self, person: str, *, event_date: str, **kw) -> str:
        return self._add("probation", person, "E", {"event_date": event_date, **kw})

    def anchor(self, date: str = "2025-01-01", la_code: str = A) -> None:
        """Fix the period start with events no measure counts, one per feed (the grid starts when every
        feed has begun): an arrest still pending, a detention without a test, an order ending, and a
        treatment referral from long before (never started, never discharged)."""
        self.police("anchor", offence_date=date, arrest_at=f"{date}T00:30:00", arrest_la_code=la_code,
                    home_la_code=la_code)
        self.custody("anchor", detained_at=f"{date}T00:30:00", suite_la_code=la_code)
        self.treatment("anchor", referral_date="2000-01-03", la_code=la_code)
        self.probation("anchor", event_date=date, la_code=la_code, event_type="order_end")

    def loaded(self, extract_date: str, **per_feed: str) -> None:
        """Every feed's files loaded up to `extract_date` (or the date given for that feed)."""
        for feed in FEEDS:
            self.delivery(feed, per_feed.get(feed, extract_date))

    def delivery(self, feed: str, extract_date: str, status: str = "loaded", late_days: int = 0) -> None:
        self.deliveries.append(dict(feed=feed, extract_date=extract_date,
                                    file_name=f"{feed}_{extract_date.replace('-', '')}.csv", rows=1,
                                    delivered_twice=False, late_days=late_days, expected_status=status))

    def write(self) -> Path:
        (self.root / "records").mkdir(parents=True, exist_ok=True)
        for feed in FEEDS:
            cols = list(CONTRACTS[feed].column_names) + ["person_id"]
            pd.DataFrame(self.rows[feed], columns=cols, dtype=object).to_csv(self.root / "records" / f"{feed}.csv", index=False)
        pd.DataFrame(self.deliveries).to_csv(self.root / "deliveries.csv", index=False)
        return self.root

    def tables(self) -> dict[str, pd.DataFrame]:
        return expected_tables(self.write())


@pytest.fixture
def truth(tmp_path) -> TruthBuilder:
    return TruthBuilder(tmp_path / "truth")


@pytest.fixture(scope="session")
def new_truth(tmp_path_factory):
    """A builder for worlds shared by a module's tests (build once, assert many)."""
    return lambda: TruthBuilder(tmp_path_factory.mktemp("world") / "truth")


def row(table: pd.DataFrame, **keys) -> dict:
    """The one row of `table` with these key values (dates as 'YYYY-MM-DD'), as a plain dict."""
    mask = pd.Series(True, index=table.index)
    for k, v in keys.items():
        col = table[k].astype(str) if k in ("month", "quarter") else table[k]
        mask &= col == v
    found = table[mask]
    assert len(found) == 1, f"{len(found)} rows for {keys}"
    return {k: (None if pd.isna(v) else v) for k, v in found.iloc[0].to_dict().items()}


@pytest.fixture(name="row")
def row_fixture():
    """`row(table, **keys)`; a fixture because test modules cannot import conftest under importlib."""
    return row
