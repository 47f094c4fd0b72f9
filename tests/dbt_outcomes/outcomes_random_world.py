"""A seeded random world for cross-checking the dbt marts with the independent truth calculator.

The same records are written twice: as truth (`records/<feed>.csv` with `person_id`, plus
`deliveries.csv`), which `continuum.truth.expected` reads, and as a raw warehouse (raw.<feed>,
ingest.file_loads, linkage.person_records with person_key = person_id), which dbt reads. Dates are
pushed onto month edges and windows' last days often, so boundary rules get exercised.
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from continuum.contracts import CONTRACTS, DISCHARGE_REASON, DISPOSAL, REFERRAL_SOURCE
from raw_fixture import create_schema, custody, police, probation, treatment

AREAS = ("E09000012", "E09000030", "E09000025", "E08000033", "E06000001", "E07000010")


def generate(people: int, seed: int, start: date, end: date) -> dict[str, list[dict]]:
    rnd = random.Random(seed)
    span = (end - start).days

    def some_day() -> date:
        d = start + timedelta(days=rnd.randint(0, span))
        r = rnd.random()
        if r < 0.08:
            return d.replace(day=1)
        if r < 0.16:
            return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return d

    recs: dict[str, list[dict]] = {f: [] for f in ("police", "custody", "treatment", "probation")}
    for i in range(people):
        pid = f"P{i:06d}"
        home = rnd.choice(AREAS)
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3, 5])):
            aid = f"A{len(recs['police']) + 1:07d}"
            arrested = some_day()
            disposal = rnd.choice(DISPOSAL)
            disposed = None if disposal == "pending" else min(
                arrested + timedelta(days=rnd.choice([0, 10, 100, 300, 540, 547, 548, 600])), end)
            area = rnd.choice([home, home, rnd.choice(AREAS)])
            recs["police"].append(police(
                aid, f"{arrested}T{rnd.randint(0, 23):02d}:15:00",
                home_la_code=rnd.choice([home, None]), arrest_la_code=area,
                offence_date=(arrested - timedelta(days=rnd.choice([0, 0, 1, 3, 20]))).isoformat(),
                disposal=disposal, disposal_date=disposed and disposed.isoformat(), _person=pid))
            if rnd.random() < 0.6:
                tested = rnd.random() < 0.75
                results = ["positive", "negative", "negative", "refused", "not_tested"]
                recs["custody"].append(custody(
                    f"C{len(recs['custody']) + 1:07d}", f"{arrested}T23:40:00" if tested else None,
                    cocaine=rnd.choice(results), opiates=rnd.choice(results),
                    ra_required=rnd.choice(["Y", "N", None]), detained_at=f"{arrested}T23:30:00",
                    suite_la_code=area, arrest_id=aid, _person=pid))
        for _ in range(rnd.choice([0, 0, 0, 1, 1, 2, 3])):
            referred = some_day()
            started = referred + timedelta(days=rnd.randint(0, 40)) if rnd.random() < 0.8 else None
            discharged = reason = None
            if started and rnd.random() < 0.65:
                discharged = started + timedelta(days=rnd.randint(0, 500))
                if rnd.random() < 0.2:  # onto a month's first or last day
                    discharged = discharged.replace(day=1) - timedelta(days=rnd.choice([0, 1]))
                if discharged > end or discharged < started:
                    discharged = None
                else:
                    reason = rnd.choice(DISCHARGE_REASON + ("completed_drug_free",) * 3)
            top = {}
            if started and rnd.random() < 0.7:
                at_start = rnd.randint(0, 28)
                reviewed = min(started + timedelta(days=rnd.randint(0, 400)), discharged or end)
                top = dict(
                    top_days_used_start=str(at_start) if rnd.random() < 0.9 else None,
                    top_days_used_latest=str(rnd.choice(
                        [0, at_start // 2, (at_start + 1) // 2, at_start, rnd.randint(0, 28)])),
                    top_latest_date=reviewed.isoformat())
            recs["treatment"].append(treatment(
                f"T{len(recs['treatment']) + 1:07d}", referred.isoformat(),
                la_code=rnd.choice([home, home, rnd.choice(AREAS)]),
                referral_source=rnd.choice(REFERRAL_SOURCE), provider_code=rnd.choice(["P1", "P2"]),
                treatment_start_date=started and started.isoformat(),
                discharge_date=discharged and discharged.isoformat(), discharge_reason=reason,
                _person=pid, **top))
        for _ in range(rnd.choice([0, 0, 0, 1, 2])):
            recs["probation"].append(probation(
                f"V{len(recs['probation']) + 1:07d}",
                rnd.choice(["community_order_start", "suspended_sentence_start", "licence_start",
                            "order_end"]),
                some_day().isoformat(), la_code=home, crn=f"X{i:06d}",
                drug_requirement=rnd.choice(["drr", "atr", "none", None]),
                substance_misuse_need=rnd.choice(["Y", "N", None]), _person=pid))
    return recs


def write_truth(truth_dir: Path, recs: dict[str, list[dict]], extract: date) -> None:
    (truth_dir / "records").mkdir(parents=True, exist_ok=True)
    for feed, rows in recs.items():
        columns = list(CONTRACTS[feed].column_names)
        with open(truth_dir / "records" / f"{feed}.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(columns + ["person_id"])
            for r in rows:
                w.writerow(["" if r.get(c) is None else r[c] for c in columns] + [r["_person"]])
    with open(truth_dir / "deliveries.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["feed", "extract_date", "file_name", "rows", "delivered_twice", "late_days",
                    "expected_status"])
        for feed, rows in recs.items():
            w.writerow([feed, extract.isoformat(), f"{feed}_{extract:%Y%m%d}.csv", len(rows), 0, 0,
                        "loaded"])


def write_raw(warehouse: Path, recs: dict[str, list[dict]], extract: date) -> None:
    """Bulk version of raw_fixture.RawWorld.load + link: one loaded file per feed."""
    con = duckdb.connect(str(warehouse))
    try:
        create_schema(con)
        for number, (feed, rows) in enumerate(recs.items(), start=1):
            contract = CONTRACTS[feed]
            load_id, file_name = f"load-{number:04d}", f"{feed}_{extract:%Y%m%d}.csv"
            df = pd.DataFrame([[r.get(c) for c in contract.column_names] for r in rows],
                              columns=list(contract.column_names), dtype=object)
            df["_load_id"], df["_file_name"], df["_file_sha256"] = load_id, file_name, "0" * 64
            df["_extract_date"] = pd.Timestamp(extract)
            df["_row_number"] = range(1, len(df) + 1)
            df["_loaded_at"] = pd.Timestamp("2026-01-01")
            links = pd.DataFrame({"feed": feed, "record_key": [r[contract.key] for r in rows],
                                  "person_key": [r["_person"] for r in rows]})
            con.register("delivered", df)
            con.register("links", links)
            con.execute(f"insert into raw.{feed} select * from delivered")
            con.execute("insert into linkage.person_records select feed, record_key, person_key, "
                        "'fixture', 1.0, 'test', timestamp '2026-01-01' from links")
            con.execute(
                "insert into ingest.file_loads values (?, ?, ?, ?, ?, ?, 'loaded', null, ?, ?, 0, "
                "'test', timestamp '2026-01-01', timestamp '2026-01-01')",
                [load_id, feed, file_name, "0" * 64, extract, len(rows), len(rows), len(rows)])
            con.unregister("delivered")
            con.unregister("links")
    finally:
        con.close()
