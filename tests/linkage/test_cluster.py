"""Connected components in SQL against a plain union-find, and the giant-cluster guard."""
from __future__ import annotations

import random

import duckdb

from continuum.linkage.cluster import cluster_with_guard, connected_components


def _union_find(nodes, edges):
    parent = {n: n for n in nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in nodes}


def _load(con, nodes, edges, has_name=True):
    con.execute("CREATE OR REPLACE TABLE n (unique_id VARCHAR, has_name BOOLEAN)")
    con.executemany("INSERT INTO n VALUES (?, ?)", [(x, has_name) for x in nodes])
    con.execute("CREATE OR REPLACE TABLE e (uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE)")
    con.executemany("INSERT INTO e VALUES (?, ?, ?, ?)", edges)


def test_components_match_union_find_on_random_graph():
    rng = random.Random(1)
    nodes = [f"police|{i:05d}" for i in range(3000)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(2200)]
    edges += [(nodes[i], nodes[i + 1]) for i in range(100, 400)]  # a long chain: many rounds
    con = duckdb.connect()
    _load(con, nodes, [(a, b, "probabilistic", 0.99) for a, b in edges])
    connected_components(con, "n", "e", "out")
    got = dict(con.execute("SELECT unique_id, cluster_id FROM out").fetchall())
    assert got == _union_find(nodes, edges)  # cluster_id is the smallest member, as union-find's root


def test_guard_splits_a_chain_held_together_by_weak_links():
    nodes = [f"custody|{i:03d}" for i in range(12)]
    strong = [(nodes[i], nodes[i + 1], "custody_arrest_id", 1.0) for i in range(0, 11) if i != 5]
    weak = [(nodes[5], nodes[6], "probabilistic", 0.991)]
    con = duckdb.connect()
    _load(con, nodes, strong + weak)
    stats = cluster_with_guard(con, "n", "e", "out", max_size=10, guard_p=0.9999)
    assert stats == {"guarded_clusters": 1, "max_cluster_size": 6, "ambiguous_attachments": 0,
                     "pnc_conflict_links_refused": 0}
    assert con.execute("SELECT count(DISTINCT cluster_id) FROM out").fetchall() == [(2,)]
    # Working tables do not outlive the step: at national volume they are copies of tens of millions
    # of edges, held in memory (or spilled) until dropped, while the next steps need the room.
    assert sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()) == ["e", "n", "out"]
