"""A seeded random world written both as raw deliveries (for dbt) and as the generator's truth layout
(`records/<feed>.csv` with `person_id`, `deliveries.csv`) so that `continuum.truth.expected` -- an
implementation independent of dbt -- computes the outcome tables for comparison.

Follow-up dates are drawn around the window edges (21/22, 28/29, 90/91 days, before the event) so
the comparison exercises the boundaries. Some records also arrive in a stale version in a later
file (older updated_at, different values), which a correct pipeline ignores. Linkage is perfect:
person_key = person_id.
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from continuum.contracts import CONTRACTS
from raw_fixture import RawWorld, custody, police, probation, treatment

AREAS = ("E09000012", "E09000030", "E09000025", "E08000033")
EXTRACTS = {"police": "2025-06-30", "custody": "2025-05-31", "treatment": "2025-06-15",
            "probation": "2025-06-30"}
START = date(2024, 1, 1)
OFFSETS = (-3, 0, 1, 20, 21, 22, 27, 28, 29, 60, 89, 90, 91, 200)


def _d(day: date) -> str:
    return day.isoformat()


def _ts(day: date, hour: int = 12) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00"


def make_records(seed: int = 7, people: int = 300) -> dict[str, list[dict]]:
    rnd = random.Random(seed)
    out: dict[str, list[dict]] = {"police": [], "custody": [], "treatment": [], "probation": []}
    n = {"A": 0, "C": 0, "T": 0, "P": 0}

    def key(prefix: str) -> str:
        n[prefix] += 1
        return f"{prefix}{n[prefix]:05d}"

    for i in range(people):
        pid = f"person{i:04d}"
        home = rnd.choice(AREAS)
        anchors = []
        for _ in range(rnd.randint(0, 3)):  # custody detentions, most tested
            day = START + timedelta(days=rnd.randint(0, 540))
            anchors.append(day)
            tested = rnd.random() < 0.85
            res = lambda: rnd.choice(("positive", "negative", "negative", "refused", "not_tested"))  # noqa: E731
            row = custody(
                key("C"), _ts(day) if tested else None, cocaine=res(), opiates=res(),
                ra_required=rnd.choice(("Y", "Y", "N", None)), detained_at=_ts(day, 9),
                suite_la_code=rnd.choice(AREAS))
            if not tested and rnd.random() < 0.5:  # not a test, yet dated and "positive"
                row.update(tested_at=_ts(day), cocaine_result="positive", ra_required="Y")
            out["custody"].append(dict(row, person_id=pid))
        for _ in range(rnd.randint(0, 2)):  # probation events
            day = START + timedelta(days=rnd.randint(0, 540))
            anchors.append(day)
            kind = rnd.choice(("licence_start", "licence_start", "community_order_start",
                               "suspended_sentence_start", "order_end"))
            out["probation"].append(dict(probation(
                key("P"), kind, _d(day), crn=f"X{i:06d}", la_code=rnd.choice((home, home, rnd.choice(AREAS))),
                substance_misuse_need=rnd.choice(("Y", "Y", "N", None)),
                drug_requirement=rnd.choice(("drr", "atr", "none", None))), person_id=pid))
        episode_anchors = [a for a in anchors if rnd.random() < 0.8]
        episode_anchors += [START + timedelta(days=rnd.randint(0, 540))] * rnd.randint(0, 1)
        for anchor in episode_anchors:  # treatment episodes near a detention or probation event
            referral = anchor + timedelta(days=rnd.choice((-5, 0, 1, 3)))
            assessed = anchor + timedelta(days=rnd.choice(OFFSETS)) if rnd.random() < 0.7 else None
            started = anchor + timedelta(days=rnd.choice(OFFSETS)) if rnd.random() < 0.7 else None
            discharged = (started + timedelta(days=rnd.randint(0, 300))) if started and rnd.random() < 0.5 else None
            out["treatment"].append(dict(treatment(
                key("T"), _d(referral), client_ref=f"CL{i}", la_code=rnd.choice((home, rnd.choice(AREAS))),
                referral_source=rnd.choice(("required_assessment", "prison", "self", "gp", "probation")),
                assessment_date=_d(assessed) if assessed else None,
                treatment_start_date=_d(started) if started else None,
                discharge_date=_d(discharged) if discharged else None,
                discharge_reason=rnd.choice(("completed_drug_free", "dropped_out", "died")) if discharged else None,
            ), person_id=pid))
        for _ in range(rnd.randint(0, 2)):  # arrests
            day = START + timedelta(days=rnd.randint(0, 540))
            disposal = rnd.choice(("pending", "convicted", "caution", "acquitted", "community_caution"))
            out["police"].append(dict(police(
                key("A"), _ts(day, 8), home_la_code=rnd.choice((home, None)),
                arrest_la_code=rnd.choice(AREAS), offence_date=_d(day - timedelta(days=rnd.randint(0, 3))),
                disposal=disposal,
                disposal_date=None if disposal == "pending" else _d(day + timedelta(days=rnd.randint(1, 200)))),
                person_id=pid))
    return out


def build(con, truth_dir: Path, seed: int = 7) -> RawWorld:
    """Load the world into raw (plus stale versions) and write its truth layout into `truth_dir`."""
    records = make_records(seed)
    rnd = random.Random(seed + 1)
    world = RawWorld(con)
    deliveries = []
    for feed, rows in records.items():
        key = CONTRACTS[feed].key
        final = [{k: v for k, v in r.items() if k != "person_id"} | {"_person": r["person_id"]} for r in rows]
        world.load(feed, "2025-01-31", final)
        deliveries.append((feed, "2025-01-31", "loaded"))
        stale = []
        for r in rnd.sample(final, k=len(final) // 5):  # older version, delivered later: must lose
            old = dict(r, updated_at="2023-12-31T00:00:00")
            for column in ("la_code", "suite_la_code", "arrest_la_code"):
                if column in old:
                    old[column] = "E06000001"
            stale.append(old)
        world.load(feed, EXTRACTS[feed], stale)
        deliveries.append((feed, EXTRACTS[feed], "loaded"))
        assert all(r[key] for r in final)
    world.load("custody", "2025-08-31", [], status="rejected")
    deliveries.append(("custody", "2025-08-31", "rejected"))
    world.link()

    (truth_dir / "records").mkdir(parents=True, exist_ok=True)
    for feed, rows in records.items():
        columns = list(CONTRACTS[feed].column_names) + ["person_id"]
        with open(truth_dir / "records" / f"{feed}.csv", "w", newline="") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            writer.writerows({c: ("" if r.get(c) is None else r[c]) for c in columns} for r in rows)
    with open(truth_dir / "deliveries.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["feed", "extract_date", "file_name", "rows", "delivered_twice", "late_days",
                         "expected_status"])
        for feed, extract, status in deliveries:
            writer.writerow([feed, extract, f"{feed}_{extract.replace('-', '')}.csv", 0, False, 0, status])
    return world
