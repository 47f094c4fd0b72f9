"""Shared test material: a random but internally consistent set of outcome tables in the `outcomes`
shape (architecture.md), a warehouse file holding them, and an attacker that tries to recover
withheld values. The attacker states the tables' arithmetic itself rather than importing
`continuum.publish.spec`, so a gap in the spec is not silently shared by the test."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SOURCES = ("required_assessment", "arrest_referral", "liaison_diversion", "out_of_court_disposal",
           "probation", "drr", "prison", "self", "gp", "hospital", "other")
CJS = SOURCES[:7]
COHORTS = ("positive_test", "cjs_treatment_start", "licence_release", "drr_start", "out_of_court")
COLUMNS = {
    "dtoa_funnel": ["la_code", "month", "tests", "positive", "positive_cocaine_only",
                    "positive_opiates_only", "positive_both", "ra_required", "ra_attended",
                    "treatment_started", "positive_rate", "ra_attended_rate", "treatment_started_rate"],
    "continuity_of_care": ["la_code", "month", "releases_with_need", "engaged_21d", "engaged_21d_rate"],
    "treatment_activity": ["la_code", "month", "in_treatment", "new_starts", "referrals", "cjs_referrals",
                           "cjs_referral_share", "exits", "successful_completions",
                           "successful_completion_rate", "deaths_in_treatment", "substantial_progress",
                           "substantial_progress_rate"],
    "treatment_referrals": ["la_code", "month", "referral_source", "referrals"],
    "non_re_presentation": ["la_code", "quarter", "successful_completions", "not_re_presented",
                            "not_re_presented_rate"],
    "proven_reoffending": ["la_code", "quarter", "cohort", "cohort_size", "reoffenders", "reoffences",
                           "reoffending_rate", "reoffending_frequency"],
}
RATES = {  # rate: (numerator, denominator)
    "positive_rate": ("positive", "tests"), "ra_attended_rate": ("ra_attended", "ra_required"),
    "treatment_started_rate": ("treatment_started", "ra_required"),
    "engaged_21d_rate": ("engaged_21d", "releases_with_need"),
    "cjs_referral_share": ("cjs_referrals", "referrals"),
    "successful_completion_rate": ("successful_completions", "exits"),
    "not_re_presented_rate": ("not_re_presented", "successful_completions"),
    "reoffending_rate": ("reoffenders", "cohort_size"),
    "reoffending_frequency": ("reoffences", "cohort_size"),
}
SUMS_OVER_AREAS = {
    "dtoa_funnel": COLUMNS["dtoa_funnel"][2:10],
    "continuity_of_care": ["releases_with_need", "engaged_21d"],
    "treatment_activity": ["referrals", "cjs_referrals", "exits", "successful_completions",
                           "deaths_in_treatment"],
    "treatment_referrals": ["referrals"],
    "non_re_presentation": ["successful_completions", "not_re_presented"],
    "proven_reoffending": ["cohort_size", "reoffenders", "reoffences"],
}
SUBSETS = {  # (whole, parts): the parts count disjoint subsets of the whole
    "dtoa_funnel": [("tests", ["positive"]), ("positive", ["ra_required"]), ("ra_required", ["ra_attended"]),
                    ("ra_required", ["treatment_started"])],
    "continuity_of_care": [("releases_with_need", ["engaged_21d"])],
    "treatment_activity": [("in_treatment", ["new_starts"]), ("referrals", ["cjs_referrals"]),
                           ("exits", ["successful_completions", "deaths_in_treatment"])],
    "non_re_presentation": [("successful_completions", ["not_re_presented"])],
    "proven_reoffending": [("cohort_size", ["reoffenders"]), ("reoffences", ["reoffenders"])],
}
OTHER_KEYS = {"treatment_referrals": "referral_source", "proven_reoffending": "cohort"}


def _count(rng, small=0.35, zero=0.25, high=30) -> int:
    u = rng.random()
    return 0 if u < zero else int(rng.integers(1, 5)) if u < zero + small else int(rng.integers(5, high))


def _rate(n, d):
    return n / d if d else None


def make_world(seed: int = 0, n_areas: int = 4, n_quarters: int = 1, immature: bool = True,
               small: float = 0.35) -> dict[str, pd.DataFrame]:
    """Outcome tables for `n_areas` areas + ALL over `n_quarters` quarters from 2025-01, with
    every identity the published tables obey holding exactly."""
    rng = np.random.default_rng(seed)
    areas = [f"E0600{i:04d}" for i in range(1, n_areas + 1)]
    quarters = [dt.date(2025 + q // 4, 3 * (q % 4) + 1, 1) for q in range(n_quarters)]
    months = [dt.date(q.year, q.month + i, 1) for q in quarters for i in range(3)]
    c = lambda: _count(rng, small=small)  # noqa: E731
    rows = {t: [] for t in COLUMNS}
    for m in months:
        late = immature and m == months[-1]
        per_area = {}
        for a in areas:
            pc, po, pb = c(), c(), c()
            pos = pc + po + pb
            rr = int(rng.integers(0, pos + 1))
            refs = {s: c() for s in SOURCES}
            exits = c() + c()
            sc = int(rng.integers(0, exits + 1))
            rel = c()
            per_area[a] = dict(
                dtoa=[pos + c(), pos, pc, po, pb, rr, int(rng.integers(0, rr + 1)),
                      int(rng.integers(0, rr + 1))],
                coc=[rel, int(rng.integers(0, rel + 1))], refs=refs,
                ta=[sum(refs.values()), sum(refs[s] for s in CJS), exits, sc,
                    int(rng.integers(0, exits - sc + 1))],
                people=[it := c() + 5, min(c(), it), c()])
        per_area["ALL"] = dict(
            dtoa=list(np.sum([v["dtoa"] for v in per_area.values()], axis=0)),
            coc=list(np.sum([v["coc"] for v in per_area.values()], axis=0)),
            refs={s: sum(v["refs"][s] for v in per_area.values()) for s in SOURCES},
            ta=list(np.sum([v["ta"] for v in per_area.values()], axis=0)),
            people=[max(v["people"][i] for v in per_area.values()) + int(rng.integers(0, 3))
                    for i in range(3)])
        per_area["ALL"]["people"][1] = min(per_area["ALL"]["people"][:2])  # new starts are in treatment
        for a, v in per_area.items():
            t, p, pc, po, pb, rr, att, ts = (int(x) for x in v["dtoa"])
            imm = "ra_attended,treatment_started,ra_attended_rate,treatment_started_rate" if late else ""
            rows["dtoa_funnel"].append([a, m, t, p, pc, po, pb, rr, None if late else att,
                                        None if late else ts, _rate(p, t),
                                        None if late else _rate(att, rr),
                                        None if late else _rate(ts, rr), imm])
            rel, eng = (int(x) for x in v["coc"])
            rows["continuity_of_care"].append([a, m, rel, None if late else eng,
                                               None if late else _rate(eng, rel),
                                               "engaged_21d,engaged_21d_rate" if late else ""])
            refs_n, cjs, exits, sc, deaths = (int(x) for x in v["ta"])
            it, ns, sp = v["people"]
            denominator = it + int(rng.integers(0, 6))
            rows["treatment_activity"].append([a, m, it, ns, refs_n, cjs, _rate(cjs, refs_n), exits, sc,
                                               _rate(sc, exits), deaths, min(sp, denominator),
                                               _rate(min(sp, denominator), denominator), ""])
            for s in SOURCES:
                rows["treatment_referrals"].append([a, m, s, int(v["refs"][s]), ""])
    ta = pd.DataFrame([r[:-1] for r in rows["treatment_activity"]], columns=COLUMNS["treatment_activity"])
    for q in quarters:
        late = immature and q == quarters[-1]
        in_q = ta[[(d.year, (d.month - 1) // 3) == (q.year, (q.month - 1) // 3) for d in ta["month"]]]
        sc_by_area = in_q.groupby("la_code")["successful_completions"].sum()
        nrp = {a: int(rng.integers(0, sc_by_area[a] + 1)) for a in areas}
        nrp["ALL"] = sum(nrp.values())
        for a in areas + ["ALL"]:
            sc = int(sc_by_area[a])
            rows["non_re_presentation"].append(
                [a, q, sc, None if late else nrp[a], None if late else _rate(nrp[a], sc),
                 "not_re_presented,not_re_presented_rate" if late else ""])
        for cohort in COHORTS:
            vals = {}
            for a in areas:
                size = c()
                reoff = int(rng.integers(0, size + 1))
                vals[a] = [size, reoff, reoff + (c() if reoff else 0)]
            vals["ALL"] = list(np.sum(list(vals.values()), axis=0))
            for a, (size, reoff, n) in vals.items():
                size, reoff, n = int(size), int(reoff), int(n)
                rows["proven_reoffending"].append(
                    [a, q, cohort, size, None if late else reoff, None if late else n,
                     None if late else _rate(reoff, size), None if late else _rate(n, size),
                     "reoffenders,reoffences,reoffending_rate,reoffending_frequency" if late else ""])
    return {t: pd.DataFrame(r, columns=COLUMNS[t] + ["immature_columns"]) for t, r in rows.items()}


def write_warehouse(path: Path, world: dict[str, pd.DataFrame], cutoff: dt.date | None = None) -> Path:
    """A real warehouse file with the `outcomes` schema's exact column types."""
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS outcomes")
        for t, df in world.items():
            types = []
            for col in df.columns:
                if col in ("month", "quarter"):
                    types.append("DATE")
                elif col in RATES or col.endswith(("_rate", "_share")):
                    types.append("DOUBLE")
                elif col in ("la_code", "referral_source", "cohort", "immature_columns"):
                    types.append("VARCHAR")
                else:
                    types.append("BIGINT")
            con.execute(f"DROP TABLE IF EXISTS outcomes.{t}")
            con.execute(f"CREATE TABLE outcomes.{t} (" + ", ".join(
                f'"{c}" {ty}' for c, ty in zip(df.columns, types)) + ")")
            con.register("frame", df)
            con.execute(f"INSERT INTO outcomes.{t} SELECT * FROM frame")
            con.unregister("frame")
        if cutoff is not None:
            con.execute("CREATE SCHEMA IF NOT EXISTS ingest")
            con.execute("CREATE OR REPLACE TABLE ingest.file_loads AS SELECT * FROM (VALUES "
                        "('police', DATE '2030-01-01', 'loaded'), ('custody', ?, 'loaded'), "
                        "('treatment', DATE '2030-01-01', 'loaded'), ('probation', DATE '2030-01-01', "
                        "'loaded')) t(feed, extract_date, status)", [cutoff])
    return path


# ------------------------------------------------------------------------------------------------
# The attacker

def _key(row, table, col):
    other = OTHER_KEYS.get(table)
    period = row.get("month", row.get("quarter"))
    return (table, row["la_code"], pd.Timestamp(period).date(), row[other] if other else None, col)


def _quarter(d):
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def recover(published: dict[str, pd.DataFrame], truth: dict[str, pd.DataFrame]) -> list[tuple]:
    """Every withheld value (count or rate) an attacker can compute from the published tables, with
    the truth, as (cell, recovered, true). Uses substitution through every identity and rate until
    nothing changes, then the full linear system (least squares; a cell is pinned when no null-space
    direction moves it), then the "withheld counts are >= 1" bound through sums and subset bounds (deaths + completions <=
exits)."""
    known, true, withheld = {}, {}, set()
    for t, df in truth.items():
        for row in df.to_dict("records"):
            for col in COLUMNS[t][2:]:
                if col not in ("referral_source", "cohort"):
                    true[_key(row, t, col)] = row[col]
    for t, df in published.items():
        for row in df.to_dict("records"):
            flagged = set(filter(None, row["withheld_columns"].split(",")))
            for col in COLUMNS[t][2:]:
                if col in ("referral_source", "cohort"):
                    continue
                k = _key(row, t, col)
                assert k in true, k
                if col in flagged:
                    withheld.add(k)
                elif not pd.isna(row[col]):
                    known[k] = float(row[col])
    # identities: (total, parts)
    eqs = []
    for t, cols in SUMS_OVER_AREAS.items():
        if t not in published:
            continue
        groups: dict[tuple, list] = {}
        for k in true:
            if k[0] == t and k[4] in cols:
                groups.setdefault((k[2], k[3], k[4]), []).append(k)
        for ks in groups.values():
            total = [k for k in ks if k[1] == "ALL"]
            if total:
                eqs.append((total[0], [k for k in ks if k[1] != "ALL"]))
    monthly_completions = [m for m in true if m[0] == "treatment_activity"
                           and m[4] == "successful_completions"]
    for k in list(true):
        if k[0] == "dtoa_funnel" and k[4] == "positive":
            eqs.append((k, [k[:4] + (p,) for p in ("positive_cocaine_only", "positive_opiates_only",
                                                    "positive_both")]))
        if k[0] == "treatment_activity" and k[4] in ("referrals", "cjs_referrals") \
                and "treatment_referrals" in published:
            srcs = SOURCES if k[4] == "referrals" else CJS
            eqs.append((k, [("treatment_referrals", k[1], k[2], s, "referrals") for s in srcs]))
        if k[0] == "non_re_presentation" and k[4] == "successful_completions" \
                and "treatment_activity" in published:
            eqs.append((k, [m for m in monthly_completions if m[1] == k[1] and _quarter(m[2]) == k[2]]))
    rates = [(k, k[:4] + (RATES[k[4]][0],), k[:4] + (RATES[k[4]][1],)) for k in true if k[4] in RATES]

    got = dict(known)
    changed = True
    while changed:
        changed = False
        for total, parts in eqs:
            unknown = [k for k in [total, *parts] if k not in got]
            if len(unknown) == 1 and unknown[0] in true:
                u = unknown[0]
                if u == total:
                    got[u] = sum(got[p] for p in parts)
                else:
                    got[u] = got[total] - sum(got[p] for p in parts if p != u)
                changed = True
        for r, n, d in rates:
            if r in got and d in got and n not in got and n in true:
                got[n], changed = round(got[r] * got[d]), True
            elif r in got and n in got and d not in got and d in true and got[r] > 0:
                got[d], changed = round(got[n] / got[r]), True
            elif r not in got and r in withheld and n in got and d in got and got[d] > 0:
                got[r], changed = got[n] / got[d], True
    found = [(k, got[k], true[k]) for k in withheld if k in got and abs(got[k] - true[k]) < 1e-9]

    # the whole linear system over the cells still unknown
    cells = sorted({k for e in eqs for k in [e[0], *e[1]] if k not in got and k in true}, key=str)
    if cells:
        col = {k: j for j, k in enumerate(cells)}
        a = np.zeros((len(eqs), len(cells)))
        b = np.zeros(len(eqs))
        for i, (total, parts) in enumerate(eqs):
            for k, coef in [(total, 1.0)] + [(p, -1.0) for p in parts]:
                if k in col:
                    a[i, col[k]] += coef
                elif k in got:
                    b[i] -= coef * got[k]
        x = np.linalg.lstsq(a, b, rcond=None)[0]
        eigenvalues, vectors = np.linalg.eigh(a.T @ a)  # null space of a = kernel of a'a
        null = vectors[:, eigenvalues < 1e-9]
        free = np.abs(null).max(axis=1, initial=0.0) > 1e-6  # moves with some solution
        for k, j in col.items():
            if k in withheld and not free[j] and abs(x[j] - true[k]) < 1e-6:
                found.append((k, x[j], true[k]))
    # bounds: withheld counts are >= 1, anything else unknown >= 0; parts of a sum or of a subset
    # bound that can add up to no more than the number of withheld parts are all 1
    bounds = list(eqs) + [(k[:4] + (whole,), [k[:4] + (p,) for p in parts])
                          for k in true if k[0] in published
                          for whole, parts in SUBSETS.get(k[0], []) if k[4] == whole]
    for total, parts in bounds:
        hidden = [p for p in parts if p not in got and p in withheld]
        if total in got and hidden and got[total] - sum(got[p] for p in parts if p in got) == len(hidden):
            found.extend((p, 1, true[p]) for p in hidden if true[p] == 1)
    return found


@pytest.fixture
def world():
    return make_world(seed=7, n_areas=4, n_quarters=1)


@pytest.fixture
def kit():
    """The helpers above, for test modules (conftest cannot be imported under --import-mode=importlib)."""
    import types

    return types.SimpleNamespace(make_world=make_world, recover=recover, write_warehouse=write_warehouse,
                                 COLUMNS=COLUMNS)
