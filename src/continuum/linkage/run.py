"""`link_people`: the nightly linkage step (docs/architecture.md, section linkage).

Work happens in an in-memory DuckDB with the warehouse ATTACHed as `wh`, so Splink's many scratch
tables never touch the warehouse file; the only writes to the warehouse are the staging table and
the final swap, done in one transaction after the staged result passed its checks
(write-audit-publish). Mode "incremental" scores only pairs involving new or changed records and
re-uses the stored edges; it falls back to "full" when there is no previous run or the model or
settings changed, since old edges would then mean something else.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import time
import uuid
from pathlib import Path

from continuum.linkage import cluster, edges, keys, model, prepare, state

log = logging.getLogger(__name__)


class LinkageCheckFailed(RuntimeError):
    """The staged person_records failed an audit check; nothing was published."""


def _q(con, sql: str) -> list:
    return con.execute(sql).fetchall()


def _work_dir(warehouse: Path) -> Path:
    """The home's scratch space (Home.work_dir) beside the warehouse."""
    return Path(warehouse).resolve().parent / "work"


def _scratch_path(warehouse: Path) -> Path:
    return _work_dir(warehouse) / "linkage_scratch.duckdb"


def _drop_scratch(warehouse: Path) -> None:
    scratch = _scratch_path(warehouse)
    for p in (scratch, scratch.with_name(scratch.name + ".wal")):
        p.unlink(missing_ok=True)


def _open(warehouse: Path):
    import duckdb

    # Splink's scratch tables live in a throw-away database file beside the warehouse
    # (Home.work_dir), not in the warehouse and not in memory: at national volume the input's copies,
    # Splink's tables and tens of millions of edges outgrow any memory limit, and DuckDB can evict a
    # file-backed table's blocks where an in-memory one ran out ("could not allocate block").
    spill = _work_dir(warehouse) / "linkage_tmp"
    spill.mkdir(parents=True, exist_ok=True)
    _drop_scratch(warehouse)
    con = duckdb.connect(str(_scratch_path(warehouse)))
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute("SET preserve_insertion_order = false")
    # DuckDB takes 80% of RAM by default and spills the rest to temp_directory; on a shared host (or
    # at national volume) cap it so Python's own objects and other processes keep room.
    if limit := os.environ.get("CONTINUUM_LINKAGE_MEMORY_LIMIT"):
        con.execute(f"SET memory_limit = '{limit}'")
    con.execute(f"ATTACH '{Path(warehouse)}' AS wh")
    return con


def predict_chunks(n_records: int, chunk_records: int) -> int:
    """Chunks per side for a full run. Splink scores left chunk x right chunk, so k chunks a side
    cut the candidate pairs held at once by k*k: k = ceil(sqrt(records / chunk_records)) keeps each
    chunk near the pairs of a `chunk_records`-record warehouse whatever the volume (a national
    warehouse of ~9 million records in 9 chunks, a partnership's in one)."""
    return max(1, math.ceil(math.sqrt(n_records / chunk_records)))


def _score(con, linker, db_api, prep: str, new_uids: str | None, threshold: float, chunks: int = 1) -> str:
    """Probabilistic edges above `threshold` into table `prob_edges`; all pairs (in `chunks` x
    `chunks` pieces), or only pairs touching `new_uids` (existing x new, then new x new)."""
    con.execute(f"CREATE OR REPLACE TABLE prob_edges ({edges.EDGE_COLUMNS})")
    if new_uids is None:
        pred = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never",
                                        num_chunks_left=chunks, num_chunks_right=chunks)
        con.execute(f"INSERT INTO prob_edges {edges.splink_edges_sql(pred.physical_name)}")
        pred.drop_table_from_database_and_remove_from_cache()
        return "prob_edges"
    if not _q(con, f"SELECT count(*) FROM {new_uids}")[0][0]:
        return "prob_edges"
    con.execute(f"CREATE OR REPLACE TABLE prep_old AS SELECT * FROM {prep} WHERE unique_id NOT IN (SELECT unique_id FROM {new_uids})")
    con.execute(f"CREATE OR REPLACE TABLE prep_new AS SELECT * FROM {prep} WHERE unique_id IN (SELECT unique_id FROM {new_uids})")
    old = model.register_feeds(db_api, con, "prep_old", "inc_old")
    new = model.register_feeds(db_api, con, "prep_new", "inc_new")
    con.execute("DROP TABLE prep_old; DROP TABLE prep_new")  # registered as per-feed copies
    for pred in (
        linker.inference.predict_between(old, new, threshold_match_probability=threshold, warning_mode="never"),
        linker.inference.predict_within(new, threshold_match_probability=threshold, warning_mode="never"),
    ):
        con.execute(f"INSERT INTO prob_edges {edges.splink_edges_sql(pred.physical_name)}")
        pred.drop_table_from_database_and_remove_from_cache()
    return "prob_edges"


def _stopwatch():
    """lap(step): log the seconds since the last lap, so a slow national night shows where it went."""
    last = [time.time()]

    def lap(step: str) -> None:
        now = time.time()
        log.info("linkage: %s in %.1fs", step, now - last[0])
        last[0] = now
    return lap


def link_people(warehouse: Path, mode: str = "incremental", run_id: str | None = None,
                model_dir: Path | None = None) -> dict:
    """Link every record of `linkage_inputs.int_identity_records_unioned` to a person.

    Writes linkage.person_records (one row per input row) and linkage.runs; returns a summary dict.
    """
    if mode not in ("incremental", "full"):
        raise ValueError(f"mode must be 'incremental' or 'full', not {mode!r}")
    t0 = time.time()
    started = dt.datetime.now()
    run_id = run_id or f"linkage-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    settings = model.load_settings(model_dir)
    trained = model.load_model(settings, model_dir)
    meta = model.load_meta(settings["model_version"], model_dir)
    threshold = float(settings["threshold_match_probability"])
    scored_from = model.scoring_threshold(settings)

    con = _open(warehouse)
    lap = _stopwatch()
    try:
        state.ensure(con)
        n_records = prepare.create_prepared(con, f"wh.{prepare.INPUT_TABLE}")
        lap("prepare")
        trained = dict(trained)
        trained["probability_two_random_records_match"], bucket = model.run_lambda(trained, meta, n_records)
        # Anything that changes what a stored edge means forces a full run (see state.last_run).
        settings_sha = hashlib.sha256(json.dumps([settings, trained], sort_keys=True).encode()).hexdigest()
        dup = _q(con, "SELECT count(*) - count(DISTINCT unique_id) FROM prep")[0][0]
        if dup:
            raise LinkageCheckFailed(f"{dup} duplicate (feed, record_key) rows in the linkage input")
        last = state.last_run(con)
        if mode == "incremental" and (last is None or last["model_version"] != settings["model_version"]
                                      or last["settings_sha256"] != settings_sha):
            log.info("linkage: no comparable previous run, running in full mode")
            mode = "full"

        con.execute("""CREATE OR REPLACE TABLE new_uids AS
            SELECT p.unique_id FROM prep p LEFT JOIN wh.linkage.record_state s USING (unique_id)
            WHERE s.fingerprint IS DISTINCT FROM p.fingerprint""")
        n_new = _q(con, "SELECT count(*) FROM new_uids")[0][0]

        # Edges need only the pair and its probability: not carrying every compared column through
        # the predictions keeps a national full run's scratch tables several times smaller.
        scoring = dict(trained, retain_matching_columns=False, retain_intermediate_calculation_columns=False)
        linker, db_api = model.make_linker(con, "prep", scoring)
        chunks = predict_chunks(n_records, int(settings.get("predict_chunk_records", 1_000_000)))
        _score(con, linker, db_api, "prep", None if mode == "full" else "new_uids", scored_from, chunks)
        model.release(linker, con, ("sp", "inc_old", "inc_new"))
        lap("score")
        edges.create_deterministic_edges(con, "prep", "det_edges", settings)
        lap("key and hand-over links")
        kept = "" if mode == "full" else """
            UNION ALL SELECT e.uid_l, e.uid_r, e.link_method, e.match_probability
            FROM wh.linkage.edges e
            JOIN prep a ON a.unique_id = e.uid_l JOIN prep b ON b.unique_id = e.uid_r
            WHERE e.link_method = 'probabilistic'
              AND e.uid_l NOT IN (SELECT unique_id FROM new_uids)
              AND e.uid_r NOT IN (SELECT unique_id FROM new_uids)"""
        con.execute(f"""CREATE OR REPLACE TABLE all_edges AS
            SELECT uid_l, uid_r,
                   -- a key link wins over a Splink pair on the same records (deterministic on ties)
                   arg_max(link_method, (link_method <> 'probabilistic', match_probability, link_method)) AS link_method,
                   max(match_probability) AS match_probability
            FROM (SELECT * FROM det_edges UNION ALL SELECT * FROM prob_edges {kept})
            GROUP BY 1, 2""")
        con.execute("DROP TABLE det_edges; DROP TABLE prob_edges; DROP TABLE new_uids")  # now in all_edges
        lap("edges merged")
        stats = cluster.cluster_from_settings(con, "prep", "all_edges", "clusters", settings,
                                              model.postcode_conflict_bits(trained))
        lap("cluster")
        con.execute("CREATE OR REPLACE TABLE prev_map AS SELECT feed || '|' || record_key AS unique_id, person_key FROM wh.linkage.person_records")
        n_minted = keys.assign_person_keys(con, "clusters", "prev_map", "wh.linkage.person_keys", "assigned")
        con.execute("DROP TABLE clusters; DROP TABLE prev_map")  # now in assigned
        lap("person keys")
        result = _stage_and_publish(con, run_id, mode, started, n_records, n_new, stats, n_minted, settings, settings_sha, threshold,
                                    trained["probability_two_random_records_match"], t0, lap)
        return result
    finally:
        con.close()
        _drop_scratch(warehouse)


def _stage_and_publish(con, run_id, mode, started, n_records, n_new, stats, n_minted, settings, settings_sha,
                       threshold, lam, t0, lap) -> dict:
    linked_at = dt.datetime.now()
    # link_method: the strongest evidence touching the record (a key-based rule before a
    # probabilistic pair); match_probability: its best pair (null for a record on its own).
    # Two statements, not one: as one plan, the edge joins' and the final join's hash tables were
    # built together, and two national runs ran out of memory in this step.
    con.execute("""
        CREATE OR REPLACE TABLE best_link AS
        WITH within AS (
            SELECT e.uid_l, e.uid_r, e.link_method, e.match_probability FROM all_edges e
            JOIN assigned a ON a.unique_id = e.uid_l JOIN assigned b ON b.unique_id = e.uid_r
            WHERE a.cluster_id = b.cluster_id),
        touching AS (
            SELECT uid_l AS unique_id, link_method, match_probability FROM within
            UNION ALL SELECT uid_r, link_method, match_probability FROM within)
        SELECT unique_id,
               coalesce(min(link_method) FILTER (WHERE link_method <> 'probabilistic'),
                        'probabilistic') AS link_method,
               max(match_probability) AS match_probability
        FROM touching GROUP BY 1""")
    con.execute("""
        CREATE OR REPLACE TABLE wh.linkage.person_records_staging AS
        WITH sizes AS (SELECT cluster_id, count(*) AS n FROM assigned GROUP BY 1)
        SELECT p.feed, p.record_key, a.person_key,
               CASE WHEN s.n = 1 THEN 'unlinked' ELSE coalesce(b.link_method, 'unlinked') END AS link_method,
               CASE WHEN s.n = 1 THEN NULL ELSE b.match_probability END AS match_probability,
               CAST(? AS VARCHAR) AS run_id, CAST(? AS TIMESTAMP) AS linked_at
        FROM prep p JOIN assigned a USING (unique_id) JOIN sizes s USING (cluster_id)
        LEFT JOIN best_link b USING (unique_id)""", [run_id, linked_at])
    con.execute("DROP TABLE best_link")
    lap("staged")
    inputs = _q(con, f"SELECT count(*) FROM wh.{prepare.INPUT_TABLE}")[0][0]
    staged, distinct, nulls = _q(con, """
        SELECT count(*), count(DISTINCT (feed, record_key)),
               count(*) FILTER (WHERE feed IS NULL OR record_key IS NULL OR person_key IS NULL
                                OR link_method IS NULL OR run_id IS NULL OR linked_at IS NULL)
        FROM wh.linkage.person_records_staging""")[0]
    missing = _q(con, f"""SELECT count(*) FROM wh.{prepare.INPUT_TABLE} i
        ANTI JOIN wh.linkage.person_records_staging s USING (feed, record_key)""")[0][0]
    if not (staged == distinct == inputs == n_records) or nulls or missing:
        raise LinkageCheckFailed(
            f"staged person_records failed its checks: input rows {inputs}, staged {staged}, distinct "
            f"{distinct}, rows with nulls {nulls}, input records without a row {missing}; nothing published")
    people = _q(con, "SELECT count(DISTINCT person_key) FROM wh.linkage.person_records_staging")[0][0]
    sizes = dict(_q(con, """SELECT n, count(*) FROM (SELECT count(*) n FROM wh.linkage.person_records_staging
                            GROUP BY person_key) GROUP BY n ORDER BY n"""))
    # edges at or above the threshold; those under it are kept for sole-candidate attachment only
    n_prob = _q(con, f"SELECT count(*) FROM all_edges WHERE link_method = 'probabilistic' "
                     f"AND match_probability >= {float(threshold)}")[0][0]
    n_det = _q(con, "SELECT count(*) FROM all_edges WHERE link_method <> 'probabilistic'")[0][0]
    lap("checked")
    finished = dt.datetime.now()
    seconds = round(time.time() - t0, 2)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM wh.linkage.person_records")
        con.execute("INSERT INTO wh.linkage.person_records SELECT * FROM wh.linkage.person_records_staging")
        con.execute("DROP TABLE wh.linkage.person_records_staging")
        con.execute("DELETE FROM wh.linkage.record_state")
        con.execute("INSERT INTO wh.linkage.record_state SELECT unique_id, feed, record_key, fingerprint, ? FROM prep", [run_id])
        con.execute("DELETE FROM wh.linkage.edges")
        con.execute("INSERT INTO wh.linkage.edges SELECT uid_l, uid_r, link_method, match_probability, ? FROM all_edges",
                    [run_id])
        con.execute(f"""INSERT INTO wh.linkage.person_keys
            SELECT DISTINCT person_key, CAST(? AS VARCHAR), CAST(? AS TIMESTAMP) FROM assigned
            WHERE person_key NOT IN (SELECT person_key FROM wh.linkage.person_keys)""", [run_id, finished])
        con.execute("INSERT INTO wh.linkage.runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, mode, started, finished, n_records, n_new, people, stats["max_cluster_size"],
                     settings["model_version"], settings_sha, threshold, n_prob, n_det,
                     stats["guarded_clusters"], stats["ambiguous_attachments"], n_minted, seconds,
                     stats["pnc_conflict_links_refused"]])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    lap("written")
    summary = {"run_id": run_id, "mode": mode, "records": n_records, "new_records": n_new, "people": people,
               "clusters_by_size": sizes, "max_cluster_size": stats["max_cluster_size"],
               "guarded_clusters": stats["guarded_clusters"],
               "ambiguous_attachments": stats["ambiguous_attachments"],
               "pnc_conflict_links_refused": stats["pnc_conflict_links_refused"], "probabilistic_edges": n_prob,
               "deterministic_edges": n_det, "new_person_keys": n_minted,
               "model_version": settings["model_version"], "seconds": seconds,
               "threshold": threshold, "probability_two_random_records_match": lam}
    log.info("linkage %s", summary)
    return summary
