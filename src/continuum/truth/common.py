"""What every measure shares: the cut-off, the reporting periods, the area grid, day windows,
immaturity and rates -- each written once, as docs/architecture.md words it, so the six measures
cannot drift apart on the common rules.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from continuum.contracts import FEEDS
from continuum.truth.tables import TableShape

ALL = "ALL"


@dataclass(frozen=True)
class Period:
    start: pd.Timestamp
    end: pd.Timestamp  # the period's last day (inclusive)

    @property
    def label(self) -> dt.date:
        """How a period appears in a table: the DATE of its first day (metrics.md)."""
        return self.start.date()


# ---- cut-off, periods, areas ---------------------------------------------------------------------

def cutoff_date(deliveries: pd.DataFrame) -> pd.Timestamp | None:
    """Over the four feeds, the earliest of each feed's latest loaded extract date; None (nothing is
    published) while any feed has no loaded file."""
    loaded = deliveries[deliveries["expected_status"] == "loaded"]
    latest = loaded.groupby("feed")["extract_date"].max()
    if any(feed not in latest.index for feed in FEEDS):
        return None
    return pd.Timestamp(latest.loc[list(FEEDS)].min())


def period_start(date_columns: Iterable[pd.Series]) -> pd.Timestamp | None:
    """The first date on which every feed has activity: the latest of each feed's earliest event date
    (arrest, detention, referral, probation event). A feed's history extract may carry cases opened
    years earlier; before the other feeds begin, a period would count one system's events alone.
    The mirror of the cut-off rule (the earliest of each feed's latest extract)."""
    earliest = [s.min() for s in date_columns if s.notna().any()]
    return max(earliest) if earliest else None


def _periods(start: pd.Timestamp | None, cutoff: pd.Timestamp | None, freq: str) -> list[Period]:
    if start is None or cutoff is None:
        return []
    first = pd.Timestamp(start).to_period(freq)
    periods = []
    for p in pd.period_range(first, pd.Timestamp(cutoff).to_period(freq), freq=freq):
        end = p.end_time.normalize()
        if end <= cutoff:  # a period is published only if it ends on or before the cut-off
            periods.append(Period(p.start_time.normalize(), end))
    return periods


def months_listed(start: pd.Timestamp | None, cutoff: pd.Timestamp | None) -> list[Period]:
    return _periods(start, cutoff, "M")


def quarters_listed(start: pd.Timestamp | None, cutoff: pd.Timestamp | None) -> list[Period]:
    return _periods(start, cutoff, "Q")


def areas_listed(la_columns: Iterable[pd.Series]) -> list[str]:
    codes: set[str] = set()
    for s in la_columns:
        codes.update(s.dropna().astype(str))
    return sorted(codes) + [ALL]


def period_of(dates: pd.Series, periods: list[Period]) -> pd.Series:
    """The start of the listed period holding each date; NaT for dates outside every listed period."""
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    for p in periods:
        out[(dates >= p.start) & (dates <= p.end)] = p.start
    return out


# ---- windows -----------------------------------------------------------------------------------

def days(n: int) -> pd.Timedelta:
    return pd.Timedelta(days=n)


def within(x: pd.Series, d: pd.Series, n: int) -> pd.Series:
    """'Within n days of d': d <= x <= d + n (judgement 1); null on either side is not within."""
    return (x >= d) & (x <= d + days(n))


def is_immature(period: Period, cutoff: pd.Timestamp, window_days: int) -> bool:
    """The window can end after the cut-off: period end + window > cut-off."""
    return period.end + days(window_days) > cutoff


def any_match(events: pd.DataFrame, event_date: str, others: pd.DataFrame, other_date: str,
              window_days: int, *, exclude_same: str | None = None) -> pd.Series:
    """For each event row: does the same person have another record whose `other_date` is within
    `window_days` of the event's `event_date`? Looks at every record of the person, any area
    (judgement 2). `exclude_same` names a key column that must differ (the episode itself)."""
    if events.empty:
        return pd.Series(False, index=events.index, dtype=bool)
    left = events[["person_id", event_date] + ([exclude_same] if exclude_same else [])].copy()
    left["_row"] = np.arange(len(left))
    right_cols = ["person_id", other_date] + ([exclude_same] if exclude_same else [])
    right = others.loc[others[other_date].notna(), right_cols].rename(
        columns={other_date: "_other_date", **({exclude_same: "_other_key"} if exclude_same else {})}
    )
    pairs = left.merge(right, on="person_id", how="inner")
    ok = within(pairs["_other_date"], pairs[event_date], window_days)
    if exclude_same:
        ok &= pairs["_other_key"] != pairs[exclude_same]
    hit = np.isin(np.arange(len(left)), pairs.loc[ok, "_row"].to_numpy())
    return pd.Series(hit, index=events.index, dtype=bool)


# ---- assembling a table -------------------------------------------------------------------------

def tally_records(records: pd.DataFrame, *, area: str, period: str, flags: Mapping[str, pd.Series],
                  areas: list[str], periods: list[Period], extra_key: str | None = None,
                  extra_values: Iterable[str] = ()) -> pd.DataFrame:
    """Record counts on the full grid: each flag summed per (area, period[, extra key]), zeros
    included, with `ALL` as the sum over areas (records add up across areas)."""
    data = pd.DataFrame({"la_code": records[area], "_period": records[period]})
    if extra_key:
        data[extra_key] = records[extra_key]
    for name, flag in flags.items():
        data[name] = flag.astype("int64")
    data = data[data["_period"].notna() & data["la_code"].notna()]
    keys = ["la_code", "_period"] + ([extra_key] if extra_key else [])
    by_area = data.groupby(keys)[list(flags)].sum()
    all_rows = data.assign(la_code=ALL).groupby(keys)[list(flags)].sum()
    summed = pd.concat([by_area, all_rows])
    levels = [areas, [p.start for p in periods]] + ([list(extra_values)] if extra_key else [])
    grid = pd.MultiIndex.from_product(levels, names=keys)
    out = summed.reindex(grid, fill_value=0).reset_index()
    for name in flags:
        out[name] = out[name].astype("int64")
    return out


def tally_people(records: pd.DataFrame, period_start: pd.Timestamp, areas: list[str]) -> dict:
    """Distinct people among `records` (`person_id`, `la_code`) per area for one period, `ALL`
    counting a person seen in two areas once: {(area, period_start): n}."""
    per_area = records.groupby("la_code")["person_id"].nunique()
    out = {(a, period_start): int(per_area.get(a, 0)) for a in areas if a != ALL}
    out[(ALL, period_start)] = int(records["person_id"].nunique())
    return out


def finish(shape: TableShape, grid: pd.DataFrame, *, period_key: str, periods: list[Period],
           rates: Mapping[str, tuple[str, str]],
           immature: Callable[[Period], tuple[str, ...]] = lambda p: ()) -> pd.DataFrame:
    """Null the immature counts, work out the rates, list what is immature, fix types and order.

    `grid` has `la_code`, `_period` (period start), any extra key and every count. `rates` maps each
    rate to (numerator, denominator). `immature(period)` names the counts whose window is open; a rate
    over an immature numerator is immature too and null (judgement 9), as is one over a zero
    denominator."""
    df = grid.copy()
    by_start = {p.start: p for p in periods}
    immature_counts = df["_period"].map(lambda s: set(immature(by_start[s])))
    nullable = {c for p in periods for c in immature(p)}
    for c in shape.counts:
        if c in nullable:
            vals = df[c].astype("Int64")
            mask = immature_counts.map(lambda s, c=c: c in s).astype(bool)
            vals[mask] = pd.NA
            df[c] = vals
        else:
            df[c] = df[c].astype("int64")
    for r, (num, den) in rates.items():
        n = df[num].astype("Float64")
        d = df[den].astype("Float64")
        df[r] = (n / d.where(d != 0)).to_numpy(dtype="float64", na_value=np.nan)
    immature_names = []
    for cols in immature_counts:
        named = set(cols) | {r for r, (num, _) in rates.items() if num in cols}
        immature_names.append(",".join(c for c in shape.columns if c in named))
    df["immature_columns"] = immature_names
    df[period_key] = df["_period"].map(lambda s: by_start[s].label)
    df = df[list(shape.all_columns)]
    # Rows stay in grid order: area (sorted, ALL last), then period, then any extra key.
    return df.reset_index(drop=True)
