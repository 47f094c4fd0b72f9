"""Disclosure control: exact `outcomes` tables in, published tables out (shared/metrics.md).

Rules, in order:
1. Primary: a count in [min_count, max_withheld_count] (default 1..4) is withheld; 0 is published.
2. A rate whose denominator is under `min_rate_denominator` is withheld. If its numerator and
   denominator were both still published it could be recomputed from them, so its numerator is
   withheld too (metrics.md: no withheld value may be recoverable from published values).
3. Secondary: `suppression.protect` withholds further counts until no withheld count can be derived
   from the identities in `spec` (area sums, row sums, and -- when tables are disclosed together --
   the sums linking tables).
4. A rate is withheld when its denominator is under the threshold or its numerator or denominator is
   withheld (a rate and its published denominator give the numerator, and vice versa).
5. Rounding (`round_to`, off by default): every published count is rounded half up to the nearest
   multiple, the ALL row included (a partnership's total is itself sub-national). Withholding is
   decided on exact values, so rounding only adds protection. Rates stay exact (computed from the
   unrounded counts) -- the simplest documented choice; they are withheld by the same rules.
Immature values (null, listed in `immature_columns`) are kept as they are and are not "withheld";
they count as unknown to a reader, and a rate over an immature numerator stays immature.

The published shape is the metrics.md columns, then `immature_columns`, then `withheld_columns`
(names of withheld values, comma-separated in column order, '' when none), rows sorted by period,
area and the remaining key. Anything else -- an
identifier, a person-level row (a duplicated grid key), an area that is not an LA code or ALL -- is
refused rather than published.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from continuum.contracts import LA_CODE_RE
from continuum.publish.spec import ALL_AREAS, LINKS, SPECS, TableSpec
from continuum.publish.suppression import Identity, protect

if TYPE_CHECKING:
    import pandas as pd


class DisclosureError(ValueError):
    """An outcome table that must not (or cannot) be published as it stands."""


@dataclass(frozen=True)
class DisclosureSettings:
    """Thresholds; the defaults are metrics.md's rules. NHS England's agreement, for example, is
    `DisclosureSettings(max_withheld_count=7, round_to=5)`."""
    min_count: int = 1
    max_withheld_count: int = 4
    min_rate_denominator: int = 10
    round_to: int | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "DisclosureSettings":
        """CONTINUUM_DISCLOSURE_MAX_WITHHELD, CONTINUUM_DISCLOSURE_MIN_DENOMINATOR and
        CONTINUUM_DISCLOSURE_ROUND_TO (empty or 0: no rounding); unset means the default."""
        env = os.environ if environ is None else environ
        default = cls()

        def number(name: str, fallback: int | None) -> int | None:
            raw = (env.get(name) or "").strip()
            return fallback if not raw else int(raw)

        round_to = number("CONTINUUM_DISCLOSURE_ROUND_TO", None)
        return cls(
            max_withheld_count=number("CONTINUUM_DISCLOSURE_MAX_WITHHELD", default.max_withheld_count),
            min_rate_denominator=number("CONTINUUM_DISCLOSURE_MIN_DENOMINATOR",
                                        default.min_rate_denominator),
            round_to=round_to or None,
        )

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.max_withheld_count < self.min_count:
            raise ValueError(f"bad withholding range {self.min_count}..{self.max_withheld_count}")
        if self.round_to is not None and self.round_to < 1:
            raise ValueError(f"round_to must be positive, got {self.round_to}")

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> "DisclosureSettings":
        """The inverse of `as_dict` (as recorded in a publication's `publication.settings` JSON)."""
        names = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown disclosure settings {unknown}")
        return cls(**{k: v for k, v in data.items() if k in names})


def apply_disclosure(table_name: str, df: "pd.DataFrame",
                     settings: DisclosureSettings | None = None) -> "pd.DataFrame":
    """One table on its own: protects the identities within the table only."""
    return apply_disclosure_tables({table_name: df}, settings)[table_name]


def apply_disclosure_tables(tables: Mapping[str, "pd.DataFrame"],
                            settings: DisclosureSettings | None = None) -> dict[str, "pd.DataFrame"]:
    """Several tables published together: also protects the identities linking them (spec.LINKS)."""
    settings = settings or DisclosureSettings()
    frames = {name: _validated(name, df) for name, df in tables.items()}
    cells = _Cells(frames)
    primary = (cells.values >= settings.min_count) & (cells.values <= settings.max_withheld_count)
    withheld = primary & ~cells.immature
    for name in frames:
        for rate in SPECS[name].rates:
            if rate.denominator is None:
                continue
            num, den = cells.column(name, rate.numerator), cells.column(name, rate.denominator)
            small = (cells.values[den] > 0) & (cells.values[den] < settings.min_rate_denominator)
            exposed = small & ~withheld[num] & ~withheld[den] & ~cells.immature[num]
            withheld[num[exposed]] = True
    withheld = protect(cells.values, cells.immature, withheld, cells.identities)
    return {name: _published(SPECS[name], df, cells, withheld, settings) for name, df in frames.items()}


def _validated(name: str, df: "pd.DataFrame") -> "pd.DataFrame":
    if name not in SPECS:
        raise DisclosureError(f"{name} is not a published table")
    spec = SPECS[name]
    columns = list(df.columns)
    if columns != list(spec.input_columns):
        extra = sorted(set(columns) - set(spec.published_columns))
        raise DisclosureError(f"{name}: columns must be exactly {list(spec.input_columns)}; got {columns}"
                              + (f" (not publishable: {extra})" if extra else ""))
    # Rows sorted by key: tie-breaks in secondary withholding follow cell order, and the result
    # must not depend on the order the warehouse happened to return rows in.
    order = [spec.period, "la_code", *spec.keys[2:]]
    df = (df[list(spec.input_columns)].sort_values(order, key=lambda s: s.astype(str), kind="stable")
          .reset_index(drop=True))
    if df.duplicated(list(spec.keys)).any():
        raise DisclosureError(f"{name}: more than one row per {spec.keys}: not an aggregate")
    bad = sorted({a for a in df["la_code"] if a != ALL_AREAS and not LA_CODE_RE.match(str(a))})
    if bad:
        raise DisclosureError(f"{name}: la_code values that are not areas: {bad[:5]}")
    df["immature_columns"] = df["immature_columns"].fillna("")
    return df


def _period(value) -> dt.date:
    import pandas as pd

    return pd.Timestamp(value).date()


def _quarter(value) -> dt.date:
    d = _period(value)
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


class _Cells:
    """Every count of every row of every table as one indexed variable."""

    def __init__(self, frames: Mapping[str, "pd.DataFrame"]):
        import numpy as np

        self.frames = frames
        self.index: dict[tuple[str, str], "np.ndarray"] = {}
        values, immature = [], []
        for name, df in frames.items():
            flagged = [set(filter(None, s.split(","))) for s in df["immature_columns"]]
            for col in SPECS[name].counts:
                v = df[col].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
                imm = np.array([col in f for f in flagged]) | np.isnan(v)
                self.index[(name, col)] = np.arange(len(values), len(values) + len(df))
                values.extend(np.where(imm, np.nan, v))
                immature.extend(imm)
        self.published_cells = len(values)
        # Each subset bound gets a hidden remainder cell per row: unknown to a reader, never shown.
        remainders = sum(len(SPECS[name].subsets) * len(df) for name, df in frames.items())
        self.values = np.array(values + [np.nan] * remainders, dtype=float)
        self.immature = np.array(immature + [True] * remainders, dtype=bool)
        self.identities = self._identities()

    def column(self, name: str, col: str):
        return self.index[(name, col)]

    def _identities(self) -> list[Identity]:
        out: list[Identity] = []
        hidden = iter(range(self.published_cells, len(self.values)))
        for name, df in self.frames.items():
            spec = SPECS[name]
            is_all = (df["la_code"] == ALL_AREAS).to_numpy()
            groups = df.groupby([df[k].astype(str) for k in spec.keys[1:]], sort=True).indices
            for col in spec.additive:
                idx = self.column(name, col)
                for rows in groups.values():
                    totals = [r for r in rows if is_all[r]]
                    if totals:
                        out.append(Identity(int(idx[totals[0]]),
                                            tuple(int(idx[r]) for r in rows if not is_all[r])))
            for total, parts in spec.identities:
                t, ps = self.column(name, total), [self.column(name, p) for p in parts]
                out.extend(Identity(int(t[r]), tuple(int(p[r]) for p in ps)) for r in range(len(df)))
            for whole, parts in spec.subsets:
                t, ps = self.column(name, whole), [self.column(name, p) for p in parts]
                out.extend(Identity(int(t[r]), tuple(int(p[r]) for p in ps) + (next(hidden),))
                           for r in range(len(df)))
        for link in LINKS:
            if link.total_table in self.frames and link.part_table in self.frames:
                out.extend(self._link(link))
        return out

    def _link(self, link) -> list[Identity]:
        tdf, pdf = self.frames[link.total_table], self.frames[link.part_table]
        tspec, pspec = SPECS[link.total_table], SPECS[link.part_table]
        to_total = _quarter if tspec.period == "quarter" else _period
        parts: dict[tuple, list[int]] = {}
        pidx = self.column(link.part_table, link.part_column)
        keep = (pdf[link.part_filter[0]].isin(link.part_filter[1]) if link.part_filter
                else pdf["la_code"].notna()).to_numpy()
        for r, (area, period) in enumerate(zip(pdf["la_code"], pdf[pspec.period])):
            if keep[r]:
                parts.setdefault((area, to_total(period)), []).append(int(pidx[r]))
        tidx = self.column(link.total_table, link.total_column)
        return [Identity(int(tidx[r]), tuple(parts[(area, _period(period))]))
                for r, (area, period) in enumerate(zip(tdf["la_code"], tdf[tspec.period]))
                if (area, _period(period)) in parts]


def _published(spec: TableSpec, df: "pd.DataFrame", cells: _Cells, withheld, settings) -> "pd.DataFrame":
    import numpy as np
    import pandas as pd

    out = df.copy()
    flags = {}
    for col in spec.counts:
        idx = cells.column(spec.name, col)
        w, v = withheld[idx], cells.values[idx]
        if settings.round_to:
            v = np.floor(v / settings.round_to + 0.5) * settings.round_to
        out[col] = pd.array(np.where(w | cells.immature[idx], np.nan, v), dtype="Float64").astype("Int64")
        flags[col] = w
    for rate in spec.rates:
        value = out[rate.name].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        num = cells.column(spec.name, rate.numerator)
        if rate.denominator is not None:
            den_idx = cells.column(spec.name, rate.denominator)
            den, den_withheld = cells.values[den_idx], withheld[den_idx]
        else:
            den, den_withheld = _derived_denominator(cells.values[num], value, cells, spec, rate)
        small = np.nan_to_num(den, nan=0.0) < settings.min_rate_denominator
        w = ~np.isnan(value) & (withheld[num] | den_withheld | small)
        out[rate.name] = pd.array(np.where(w, np.nan, value), dtype="Float64")
        flags[rate.name] = w
    out["withheld_columns"] = [
        ",".join(c for c in spec.columns if c in flags and flags[c][r]) for r in range(len(out))
    ]
    return out[list(spec.published_columns)]


def _derived_denominator(numerator, rate_value, cells: _Cells, spec: TableSpec, rate):
    """An unpublished denominator: numerator / rate when both are positive, else a published lower
    bound (nan when none): under the threshold unless shown otherwise."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where((numerator > 0) & (rate_value > 0), np.round(numerator / rate_value), np.nan)
    if rate.denominator_at_least:
        bound = cells.values[cells.column(spec.name, rate.denominator_at_least)]
        derived = np.where(np.isnan(derived), bound, derived)
    return derived, np.zeros(len(derived), dtype=bool)
