"""`generate()`: simulate the world in chunks of people and stream it out as deliveries plus truth.

Memory stays bounded whatever the population: people are simulated a chunk at a time, their history
rows go straight to the history extract, and their true records straight to truth/records -- except the
few records changed in the delta days at the end, which are held until the deliveries (and so what a
correct pipeline would load) are decided.
"""
from __future__ import annotations

import csv
import hashlib
import random
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

from continuum.contracts import CONTRACTS, FEEDS, file_name
from continuum.generate import defects as defect_mod
from continuum.generate.areas import geography
from continuum.generate.delivery import DeliveryFile, plan_delivery_mess, plan_delta_files
from continuum.generate.files import CsvOut, fmt, sha256_file, write_manifest
from continuum.generate.identity import person_noise, record_noise
from continuum.generate.life import Life, WorldContext
from continuum.generate.model import Chooser
from continuum.generate.people import make_person
from continuum.generate.presets import NOISE, resolve
from continuum.generate.report import Stats

CHUNK = 5_000
PERSON_COLUMNS = ["person_id", "surname", "forenames", "date_of_birth", "sex", "ethnicity", "home_la_code", "profile"]
DELIVERY_COLUMNS = ["feed", "extract_date", "file_name", "rows", "delivered_twice", "late_days", "expected_status"]
# _true relies on updated_at being each contract's last column
assert all(CONTRACTS[f].column_names[-1] == "updated_at" for f in FEEDS)
DEFECT_COLUMNS = ["feed", "file_name", "row_number", "defect", "expected_outcome", "rule"]


def _true(rec, updated_at, values, columns) -> list[str]:
    """The true row (contract columns, then person_id); updated_at is the contract's last column."""
    return [fmt(values.get(c)) for c in columns[:-1]] + [fmt(updated_at), rec.person.person_id]


def _delivered_from(rec, true_row: list[str], columns) -> dict:
    """The delivered row: the true row with the record's recording mess laid over it."""
    row = dict(zip(columns, true_row))
    for c, v in rec.overrides.items():
        row[c] = fmt(v)
    return row


def generate(out: Path, *, seed: int, people: int | None = None, start: date | None = None,
             end: date | None = None, preset: str = "tiny", noise: str = "default", defects: bool = False,
             late_feed: str | None = "auto", expected: bool = True, quiet: bool = False) -> dict:
    """Write `out/landing/`, `out/truth/` (and `out/redelivered/`, `out/late/`); return a summary.

    `late_feed`: "auto" (a feed chosen by the seed when the noise level has a late feed), a feed name,
    or None. `expected=False` skips truth/expected (tests of the generator alone)."""
    t0 = time.perf_counter()
    out = Path(out)
    if noise not in NOISE:
        raise ValueError(f"unknown noise {noise!r}; choose from {', '.join(NOISE)}")
    p = resolve(preset, people, start, end)
    nz = NOISE[noise]
    for sub in ("landing", "truth", "redelivered", "late"):
        shutil.rmtree(out / sub, ignore_errors=True)
    landing, truth = out / "landing", out / "truth"
    history_date = p.end - timedelta(days=p.delta_days)
    rng = random.Random(f"{seed}:deliveries")
    if late_feed == "auto":
        late_feed = rng.choice(FEEDS) if nz.late_feed else None
    chooser = Chooser(p.coverage)
    ctx = WorldContext(seed, p.start, p.end, p.intensity, chooser, nz, pace=p.pace,
                       history_start=p.start - timedelta(days=p.burn_in_days), geo=geography(p.geography))
    stats = Stats(p.start, p.end, p.people, p.intensity, ctx.geo)

    columns = {f: list(CONTRACTS[f].column_names) for f in FEEDS}
    hist = {f: CsvOut(landing / f / file_name(f, history_date.isoformat()), columns[f], bom=nz.bom_feed == f)
            for f in FEEDS}
    persons_out = CsvOut(truth / "persons.csv", PERSON_COLUMNS)
    rp_out = CsvOut(truth / "record_persons.csv", ["feed", "record_key", "person_id"])
    truth_out = {f: CsvOut(truth / "records" / f"{f}.csv", columns[f] + ["person_id"]) for f in FEEDS}
    pending: dict[str, dict[str, tuple]] = {f: {} for f in FEEDS}
    delta_rows: dict[str, dict[date, dict[str, dict]]] = {f: {} for f in FEEDS}
    taken: set | None = set() if nz.name == "none" else None
    recent: list = []
    n_records = 0
    need_newline = bool(nz.stray_newline and p.coverage)
    samples: dict[str, list] = {f: [] for f in FEEDS}  # a few valid history rows: templates for defects

    for chunk_start in range(0, p.people, CHUNK):
        chunk_rng = random.Random(f"{seed}:chunk:{chunk_start}")
        hist_rows: dict[str, list[dict]] = {f: [] for f in FEEDS}
        for idx in range(chunk_start, min(chunk_start + CHUNK, p.people)):
            person = make_person(seed, idx, p.start, chooser, nz.doppelganger, recent, taken, ctx.geo)
            recent.append(person)
            if len(recent) > 200:
                del recent[:100]
            life = Life(ctx, person)
            person_noise(person, life.nrng, nz)
            records = life.run()
            persons_out.write_values([person.person_id, person.surname, person.forenames, person.dob.isoformat(),
                                      person.sex, person.ethnicity, person.area.code, person.profile])
            stats.add(records)
            for rec in records:
                n_records += 1
                record_noise(rec, seed, nz, ctx.recent_arrest_ids)
                if need_newline and rec.feed == "police":  # coverage: one embedded newline in a field
                    name = rec.overrides.get("surname", person.surname)
                    rec.overrides["surname"] = name[:2] + "\n" + name[2:]
                    need_newline = False
                rp_out.write_values([rec.feed, rec.key, person.person_id])
                cols = columns[rec.feed]
                h, deltas = None, {}
                for upd, vals in rec.versions:
                    if upd.date() <= history_date:
                        h = (upd, vals)
                    else:
                        deltas[upd.date()] = (upd, vals)
                h_true = _true(rec, h[0], h[1], cols) if h is not None else None
                if h is not None:
                    hist_rows[rec.feed].append(_delivered_from(rec, h_true, cols))
                    if len(samples[rec.feed]) < 50:
                        samples[rec.feed].append((hist_rows[rec.feed][-1], rec.key, person.person_id))
                if not deltas:
                    truth_out[rec.feed].write_values(h_true)
                    continue
                true_deltas = {d: _true(rec, u, v, cols) for d, (u, v) in deltas.items()}
                pending[rec.feed][rec.key] = (person.person_id, h_true, true_deltas)
                for d, row in true_deltas.items():
                    delta_rows[rec.feed].setdefault(d, {})[rec.key] = _delivered_from(rec, row, cols)
        for f in FEEDS:  # interleave people: file order must not reveal who is who
            chunk_rng.shuffle(hist_rows[f])
            for row in hist_rows[f]:
                hist[f].write(row)
    persons_out.close()

    deliveries: list[list] = []
    for f in FEEDS:
        hist[f].close()
        write_manifest(hist[f].path, f, history_date, hist[f].rows)
        deliveries.append([f, history_date.isoformat(), hist[f].path.name, hist[f].rows, "false", 0, "loaded"])

    files = plan_delta_files(delta_rows, history_date, p.end, nz, rng)
    arrival = plan_delivery_mess(files, nz, rng, late_feed)
    defect_rows: list[list] = []
    if defects:
        def new_key(feed):
            return ctx.new_id({"police": "A", "custody": "C", "treatment": "E", "probation": "V"}[feed])

        for feed, key, pid in defect_mod.inject(files, rng, new_key, samples):
            rp_out.write_values([feed, key, pid])
    rp_out.close()

    for f in arrival:
        path = _write_delivery(out, f)
        if f.delivered_twice:
            copy_dir = out / "redelivered" / f.feed
            copy_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy_dir / path.name)
            manifest = path.with_name(path.name[:-4] + ".manifest.json")
            if manifest.exists():
                shutil.copy2(manifest, copy_dir / manifest.name)
        deliveries.append([f.feed, f.extract_date.isoformat(), f.name, len(f.rows),
                           "true" if f.delivered_twice else "false", f.late_days, f.expected_status])
        for i, (text, rule) in sorted(f.defective.items()):
            defect_rows.append([f.feed, f.name, i + 1, text, "quarantined", rule])
        if f.file_defect:
            defect_rows.append([f.feed, f.name, "", f.file_defect[0], f.file_defect[1], f.file_defect[2]])

    # Truth for records touched in the delta days: the latest version a correct pipeline loads.
    for feed in FEEDS:
        latest: dict[str, date] = {}
        for f in files[feed]:
            if f.expected_status != "loaded":
                continue
            for i, key in enumerate(f.keys):
                if i not in f.defective and key in pending[feed]:
                    latest[key] = f.extract_date
        for key in sorted(pending[feed]):
            _, h, deltas = pending[feed][key]
            row = deltas[latest[key]] if key in latest else h
            if row is not None:
                truth_out[feed].write_values(row)
        truth_out[feed].close()

    _write_csv(truth / "deliveries.csv", DELIVERY_COLUMNS, deliveries)
    if defects:
        _write_csv(truth / "defects.csv", DEFECT_COLUMNS, defect_rows)
    stats.write(truth / "calibration.csv")
    measures = stats.measures()

    elapsed = time.perf_counter() - t0  # generation alone; the expected tables are timed apart
    expected_note = "written"
    try:
        from continuum.truth.expected import write_expected
    except ImportError:
        expected_note = "skipped (continuum.truth.expected not importable)"
        print("note: continuum.truth.expected is not importable; truth/expected/ not written")
    else:
        if expected:
            t1 = time.perf_counter()
            write_expected(truth)
            expected_note = f"written in {time.perf_counter() - t1:.1f} s"
        else:
            expected_note = "skipped (expected=False)"
    feed_rows = sum(int(r[3]) for r in deliveries)
    summary = {
        "out": str(out), "seed": seed, "preset": p.name, "noise": nz.name, "defects": defects,
        "people": p.people, "start": p.start.isoformat(), "end": p.end.isoformat(),
        "history_date": history_date.isoformat(), "late_feed": late_feed,
        "records": {f: truth_out[f].rows for f in FEEDS}, "source_records": n_records,
        "feed_rows_delivered": feed_rows, "files": len(deliveries), "defects_labelled": len(defect_rows),
        "expected": expected_note, "seconds": round(elapsed, 2),
        "rows_per_second": round(feed_rows / elapsed) if elapsed else None,
        "calibration": {k: value for k, (value, _) in measures.items()},
        "calibration_n": {k: n for k, (_, n) in measures.items()}, "calibration_text": stats.text(),
    }
    if not quiet:
        print(f"continuum generate: {p.name} world, {p.people:,} people, {feed_rows:,} feed rows in "
              f"{elapsed:.1f} s ({summary['rows_per_second']:,} rows/s) -> {out}")
    return summary


def summary_text(s: dict) -> str:
    recs = ", ".join(f"{f} {n:,}" for f, n in s["records"].items())
    return (f"generated {s['preset']} world (seed {s['seed']}, noise {s['noise']}, defects {s['defects']}) "
            f"in {s['out']}\n  {s['people']:,} people, {s['start']} to {s['end']}, history to {s['history_date']}"
            f", late feed: {s['late_feed'] or 'none'}\n  true records: {recs}\n"
            f"  {s['files']} files, {s['feed_rows_delivered']:,} feed rows, {s['defects_labelled']} defects labelled,"
            f" expected tables {s['expected']}\n"
            f"  {s['seconds']} s, {s['rows_per_second']:,} feed rows/s\n\ncalibration\n{s['calibration_text']}")


def _write_delivery(out: Path, f: DeliveryFile) -> Path:
    base = out / ("landing" if f.location == "landing" else "late") / f.feed
    csv_out = CsvOut(base / f.name, f.columns, bom=f.bom)
    for row in f.rows:
        csv_out.write(row)
    csv_out.close()
    path = csv_out.path
    if f.manifest == "none":
        return path
    count = len(f.rows) + (1 if f.manifest == "wrong_count" else 0)
    sha = sha256_file(path)
    if f.manifest == "wrong_hash":
        sha = hashlib.sha256(b"not the file " + sha.encode()).hexdigest()
    write_manifest(path, f.feed, f.extract_date, count, sha)
    return path


def _write_csv(path: Path, columns: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(columns)
        w.writerows(rows)
