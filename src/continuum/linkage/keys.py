"""Stable pseudonymous person keys.

A person's key must survive night to night while their cluster does, or every longitudinal measure
(re-presentation, reoffending) would break. A new cluster inherits the key that most of its records
held before (ties: the oldest key); a key claimed by two clusters after a split goes to the one
holding most of its records. A brand-new cluster gets HMAC-SHA256(secret, smallest record uid): never
derived from names or dates of birth, and not reversible without the key (CONTINUUM_PSEUDONYM_KEY,
the same secret staging uses).
"""
from __future__ import annotations

import hashlib
import hmac
import os

DEFAULT_KEY = "continuum-development-key"


def mint(seed: str, secret: str | None = None) -> str:
    secret = secret or os.environ.get("CONTINUUM_PSEUDONYM_KEY") or DEFAULT_KEY
    return "p_" + hmac.new(secret.encode(), seed.encode(), hashlib.sha256).hexdigest()[:24]


def assign_person_keys(con, clusters: str, previous: str, known_keys: str, out: str) -> int:
    """Create `out(unique_id, person_key, cluster_id)`; return the number of newly minted keys.

    `previous(unique_id, person_key)` is last run's mapping; `known_keys(person_key, minted_at)`
    every key ever minted (retired ones too, so a key is never reused for someone else).
    """
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _claims AS
        SELECT c.cluster_id, p.person_key, count(*) AS n, min(k.minted_at) AS minted_at
        FROM {clusters} c JOIN {previous} p USING (unique_id)
        LEFT JOIN {known_keys} k ON k.person_key = p.person_key
        GROUP BY 1, 2""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _kept AS
        WITH won AS (
            SELECT * FROM _claims
            QUALIFY row_number() OVER (PARTITION BY person_key ORDER BY n DESC, cluster_id) = 1)
        SELECT cluster_id, person_key FROM won
        QUALIFY row_number() OVER (PARTITION BY cluster_id
                                   ORDER BY n DESC, minted_at NULLS LAST, person_key) = 1""")
    fresh = con.execute(f"""
        SELECT DISTINCT cluster_id FROM {clusters}
        WHERE cluster_id NOT IN (SELECT cluster_id FROM _kept) ORDER BY 1""").fetchall()
    taken = {r[0] for r in con.execute(f"SELECT person_key FROM {known_keys}").fetchall()}
    minted = []
    for (cluster_id,) in fresh:
        key, n = mint(cluster_id), 0
        while key in taken:  # a retired key seeded by the same record: never reuse it
            n += 1
            key = mint(f"{cluster_id}#{n}")
        taken.add(key)
        minted.append((cluster_id, key))
    con.execute("CREATE OR REPLACE TEMP TABLE _minted (cluster_id VARCHAR, person_key VARCHAR)")
    if minted:
        import pyarrow as pa

        _tbl = pa.table({"cluster_id": [m[0] for m in minted], "person_key": [m[1] for m in minted]})  # noqa: F841
        con.execute("INSERT INTO _minted SELECT * FROM _tbl")
    con.execute(f"""
        CREATE OR REPLACE TABLE {out} AS
        SELECT c.unique_id, coalesce(k.person_key, m.person_key) AS person_key, c.cluster_id
        FROM {clusters} c LEFT JOIN _kept k USING (cluster_id) LEFT JOIN _minted m USING (cluster_id)""")
    con.execute("DROP TABLE _claims; DROP TABLE _kept; DROP TABLE _minted")
    return len(minted)
