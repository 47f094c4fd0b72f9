"""Counting every delivered row exactly once, per feed: delivered = loaded + quarantined.

Checked against the tables themselves, not just the counters the loader wrote, so a row lost or
doubled anywhere between file and raw shows up as `reconciled = false` with the discrepancy named.
"Superseded" rows are raw rows that are not the latest version of their key (staging keeps one per key).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from continuum.contracts import CONTRACTS, FEEDS
from continuum.ingest.schema import ensure_schema, quote_ident


def reconciliation(warehouse: Path, run_id: str | None = None) -> list[dict]:
    """One dict per feed. With `run_id`, file and row counts cover the files that run processed and the
    summary is stored in `ingest.reconciliation` (replacing an earlier summary of the same run); without
    it, they cover every file ever processed and nothing is stored. Raw totals and superseded rows are
    always over all of raw."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    try:
        ensure_schema(con)
        rows = [_feed_summary(con, feed, run_id) for feed in FEEDS]
        if run_id is not None:
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM ingest.reconciliation WHERE run_id = ?", [run_id])
            for r in rows:
                con.execute(
                    "INSERT INTO ingest.reconciliation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, r["feed"], r["files_loaded"], r["files_rejected"], r["files_duplicate"],
                     r["rows_delivered"], r["rows_loaded"], r["rows_quarantined"],
                     json.dumps(r["quarantined_by_rule"], sort_keys=True), r["raw_rows"], r["raw_keys"],
                     r["rows_superseded"], r["reconciled"], "; ".join(r["problems"]), now])
            con.execute("COMMIT")
        return rows
    finally:
        con.close()


def _feed_summary(con, feed: str, run_id: str | None) -> dict:
    scope = "feed = ?" + (" AND run_id = ?" if run_id is not None else "")
    params = [feed] + ([run_id] if run_id is not None else [])
    files = dict(con.execute(
        f"SELECT status, count(*) FROM ingest.file_loads WHERE {scope} GROUP BY status", params).fetchall())
    delivered, loaded, quarantined = con.execute(
        f"""SELECT coalesce(sum(rows_delivered), 0), coalesce(sum(rows_loaded), 0),
                   coalesce(sum(rows_quarantined), 0)
            FROM ingest.file_loads WHERE {scope} AND status = 'loaded'""", params).fetchone()
    loads = f"SELECT load_id FROM ingest.file_loads WHERE {scope} AND status = 'loaded'"
    by_rule = dict(con.execute(
        f"SELECT rule, count(*) FROM ingest.quarantine WHERE load_id IN ({loads}) GROUP BY rule ORDER BY rule",
        params).fetchall())
    raw_in_scope = con.execute(f"SELECT count(*) FROM raw.{feed} WHERE _load_id IN ({loads})", params).fetchone()[0]
    key = quote_ident(CONTRACTS[feed].key)
    raw_rows, raw_keys = con.execute(f"SELECT count(*), count(DISTINCT {key}) FROM raw.{feed}").fetchone()
    problems = []
    if delivered != loaded + quarantined:
        problems.append(f"file_loads: {delivered} delivered != {loaded} loaded + {quarantined} quarantined")
    if raw_in_scope != loaded:
        problems.append(f"raw.{feed} holds {raw_in_scope} rows of these files, file_loads says {loaded}")
    if sum(by_rule.values()) != quarantined:
        problems.append(f"ingest.quarantine holds {sum(by_rule.values())} rows of these files, file_loads says {quarantined}")
    return {
        "feed": feed, "run_id": run_id,
        "files_loaded": files.get("loaded", 0), "files_rejected": files.get("rejected", 0),
        "files_duplicate": files.get("duplicate", 0),
        "rows_delivered": int(delivered), "rows_loaded": int(loaded), "rows_quarantined": int(quarantined),
        "quarantined_by_rule": {k: int(v) for k, v in by_rule.items()},
        "raw_rows": int(raw_rows), "raw_keys": int(raw_keys), "rows_superseded": int(raw_rows - raw_keys),
        "reconciled": not problems, "problems": problems,
    }


def format_reconciliation(rows: list[dict]) -> str:
    """A fixed-width table for the end of a run's output, then any discrepancy in words."""
    head = ("feed", "files", "rejected", "dup", "delivered", "loaded", "quarantined", "superseded", "ok")
    body = [(r["feed"], r["files_loaded"], r["files_rejected"], r["files_duplicate"], r["rows_delivered"],
             r["rows_loaded"], r["rows_quarantined"], r["rows_superseded"], "yes" if r["reconciled"] else "NO")
            for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    fmt = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    lines = [fmt(head)] + [fmt(b) for b in body]
    for r in rows:
        if r["quarantined_by_rule"]:
            lines.append(f"{r['feed']} quarantined by rule: "
                         + ", ".join(f"{k} {v}" for k, v in sorted(r["quarantined_by_rule"].items())))
        for p in r["problems"]:
            lines.append(f"{r['feed']} NOT RECONCILED: {p}")
    return "\n".join(lines)
