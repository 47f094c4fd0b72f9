"""link_people end to end on a real DuckDB file with the real Splink model from linkage/."""
from __future__ import annotations

import re

import pytest

from continuum.linkage import link_people
from continuum.linkage.evaluate import evaluate
from continuum.linkage.run import LinkageCheckFailed


def partition(read, wh) -> set[frozenset]:
    """The people of a warehouse as sets of (feed, record_key): comparable whatever the person keys."""
    groups = {}
    for f, k, p in read(wh, "SELECT feed, record_key, person_key FROM linkage.person_records"):
        groups.setdefault(p, set()).add((f, k))
    return {frozenset(g) for g in groups.values()}


def test_full_run_writes_one_row_per_record_and_links_well(small_world, warehouse_of, truth_dir, read):
    rows, _ = small_world
    wh = warehouse_of(rows)
    summary = link_people(wh, mode="full", run_id="night-1")

    assert summary["records"] == len(rows) and summary["run_id"] == "night-1"
    got = read(wh, """SELECT count(*), count(DISTINCT (feed, record_key)), count(person_key),
                             count(DISTINCT person_key) FROM linkage.person_records""")[0]
    assert got[0] == got[1] == got[2] == len(rows)
    assert got[3] == summary["people"] == sum(summary["clusters_by_size"].values())
    assert read(wh, "SELECT run_id, mode, records, people FROM linkage.runs") == [
        ("night-1", "full", len(rows), summary["people"])]
    methods = {m for (m,) in read(wh, "SELECT DISTINCT link_method FROM linkage.person_records")}
    assert {"probabilistic", "custody_arrest_id", "pnc_id"} <= methods
    keys = [k for (k,) in read(wh, "SELECT person_key FROM linkage.person_records")]
    assert all(re.fullmatch(r"p_[0-9a-f]{24}", k) for k in keys)

    quality = evaluate(wh, truth_dir)
    assert quality["pair_precision"] >= 0.98, quality
    assert quality["pair_recall"] >= 0.97, quality
    assert quality["per_feed"]["treatment"]["linked_share"] >= 0.9


def test_incremental_matches_full_and_keeps_keys(small_world, warehouse_of, read):
    rows, _ = small_world
    # 10% new records: the volume stays in the model's prior bucket (model.run_lambda), so night 2
    # can be incremental
    first_night = [r for i, r in enumerate(rows) if i % 10 < 9]
    inc = warehouse_of(first_night, "inc.duckdb")
    s1 = link_people(inc, mode="incremental", run_id="n1")
    assert s1["mode"] == "full"  # nothing to be incremental against
    before = dict(((f, k), p) for f, k, p in read(inc, "SELECT feed, record_key, person_key FROM linkage.person_records"))

    warehouse_of(rows, "inc.duckdb")  # the next night: every record
    s2 = link_people(inc, mode="incremental", run_id="n2")
    assert s2["mode"] == "incremental" and s2["new_records"] == len(rows) - len(first_night)

    full = warehouse_of(rows, "full.duckdb")
    link_people(full, mode="full", run_id="f1")

    assert partition(read, inc) == partition(read, full)
    after = dict(((f, k), p) for f, k, p in read(inc, "SELECT feed, record_key, person_key FROM linkage.person_records"))
    kept = sum(after[r] == p for r, p in before.items())
    assert kept / len(before) > 0.97  # only clusters that merged or split may change key

    s3 = link_people(inc, run_id="n3")  # nothing changed: nothing scored, every key kept
    assert s3["new_records"] == 0
    assert dict(((f, k), p) for f, k, p in read(inc, "SELECT feed, record_key, person_key FROM linkage.person_records")) == after

    changed = [dict(r) for r in rows]
    changed[0]["surname"] = "Zzyzx-Quarrington"  # a corrected record: re-scored, nothing else is
    warehouse_of(changed, "inc.duckdb")
    assert link_people(inc, run_id="n4")["new_records"] == 1


def test_failed_audit_publishes_nothing(small_world, warehouse_of, read):
    rows, _ = small_world
    wh = warehouse_of(rows[:200])
    link_people(wh, mode="full", run_id="good")
    warehouse_of(rows[:200] + rows[:1])  # a duplicated record: the input broke its grain
    with pytest.raises(LinkageCheckFailed):
        link_people(wh, mode="full", run_id="bad")
    assert read(wh, "SELECT DISTINCT run_id FROM linkage.person_records") == [("good",)]
    assert read(wh, "SELECT count(*) FROM linkage.runs") == [(1,)]


def test_chunked_scoring_finds_the_same_people(small_world, warehouse_of, read, tmp_path):
    """A national full run scores its pairs in k x k chunks (run.predict_chunks); the chunks must
    together score exactly the pairs one pass scores, so the people are the same."""
    import json
    import shutil

    from continuum.config import LINKAGE_MODEL_DIR
    from continuum.linkage.run import predict_chunks

    assert predict_chunks(9_000, 1_000_000) == 1
    assert predict_chunks(1_860_000, 1_000_000) == 2
    assert predict_chunks(8_700_000, 1_000_000) == 3

    rows, _ = small_world
    chunked_dir = tmp_path / "linkage_chunked"
    shutil.copytree(LINKAGE_MODEL_DIR, chunked_dir)
    settings = json.loads((chunked_dir / "settings.json").read_text())
    settings["predict_chunk_records"] = 100  # ~1,000 records -> 4 x 4 chunks
    (chunked_dir / "settings.json").write_text(json.dumps(settings))

    one = warehouse_of(rows, "one.duckdb")
    link_people(one, mode="full", run_id="one")
    chunked = warehouse_of(rows, "chunked.duckdb")
    link_people(chunked, mode="full", run_id="chunked", model_dir=chunked_dir)

    def edges(wh):
        return set(read(wh, "SELECT uid_l, uid_r, link_method FROM linkage.edges"))

    assert len(edges(one)) > 100
    assert edges(chunked) == edges(one)
    assert partition(read, chunked) == partition(read, one)
