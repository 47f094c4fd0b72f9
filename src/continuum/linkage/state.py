"""Tables of schema `linkage` in the warehouse: the published mapping and the incremental state.

- person_records: one row per input record (the contract, docs/architecture.md).
- runs: one row per run (audit; the last run's model version/settings decide whether an
  incremental run is allowed).
- record_state: the fingerprint of each record's identity fields as last linked, so a nightly run
  re-scores only new or changed records.
- edges: every accepted link (deterministic and probabilistic above the threshold), so an
  incremental run re-clusters without re-scoring old pairs, and analysts can audit why records joined.
- person_keys: every key ever minted (retired ones too), so a key is never reused.
"""
from __future__ import annotations

DDL = """
CREATE SCHEMA IF NOT EXISTS {db}.linkage;
CREATE TABLE IF NOT EXISTS {db}.linkage.person_records (
    feed VARCHAR, record_key VARCHAR, person_key VARCHAR, link_method VARCHAR,
    match_probability DOUBLE, run_id VARCHAR, linked_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS {db}.linkage.runs (
    run_id VARCHAR, mode VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, records BIGINT,
    new_records BIGINT, people BIGINT, max_cluster_size BIGINT, model_version VARCHAR,
    settings_sha256 VARCHAR, threshold DOUBLE, probabilistic_edges BIGINT, deterministic_edges BIGINT,
    guarded_clusters BIGINT, ambiguous_attachments BIGINT, new_person_keys BIGINT, seconds DOUBLE,
    pnc_conflict_links_refused BIGINT);
CREATE TABLE IF NOT EXISTS {db}.linkage.record_state (
    unique_id VARCHAR, feed VARCHAR, record_key VARCHAR, fingerprint VARCHAR, run_id VARCHAR);
CREATE TABLE IF NOT EXISTS {db}.linkage.edges (
    uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE, run_id VARCHAR);
CREATE TABLE IF NOT EXISTS {db}.linkage.person_keys (
    person_key VARCHAR, minted_run_id VARCHAR, minted_at TIMESTAMP);
"""


def ensure(con, db: str = "wh") -> None:
    con.execute(DDL.format(db=db))
    # warehouses linked before the one-PNC-id rule (2026-12-03) gain its audit column
    con.execute(f"ALTER TABLE {db}.linkage.runs ADD COLUMN IF NOT EXISTS pnc_conflict_links_refused BIGINT")


def last_run(con, db: str = "wh") -> dict | None:
    rows = con.execute(f"""
        SELECT run_id, model_version, settings_sha256 FROM {db}.linkage.runs
        ORDER BY finished_at DESC LIMIT 1""").fetchall()
    return dict(zip(("run_id", "model_version", "settings_sha256"), rows[0])) if rows else None
