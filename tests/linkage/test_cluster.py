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


def _clusters(con) -> set[frozenset]:
    rows = con.execute("SELECT cluster_id, list(unique_id) FROM out GROUP BY 1").fetchall()
    return {frozenset(members) for _, members in rows}


def test_a_pair_under_the_threshold_counts_only_for_a_sole_candidate():
    """Hand-built: p 0.8 is 2.0 bits, p 0.7 is 1.2, p 0.6 is 0.6; the margin is 3 bits."""
    named = ["police|a", "custody|a", "police|m", "police|z", "police|q", "custody|q"]
    weak = ["treatment|t1", "treatment|t2", "treatment|t3", "treatment|t4", "treatment|t5", "treatment|t6",
            "treatment|t7", "treatment|t8"]
    con = duckdb.connect()
    referred = {"treatment|t1", "treatment|t2", "treatment|t5", "treatment|t6", "treatment|t8"}
    districts = {"police|q": "BD3", "treatment|t8": "BD1"}  # custody|q, of q's group, has none
    con.execute("CREATE TABLE n (unique_id VARCHAR, has_name BOOLEAN, feed VARCHAR, handover_key VARCHAR, "
                "la_code VARCHAR, postcode_district VARCHAR)")
    con.executemany("INSERT INTO n VALUES (?, ?, split_part(?, '|', 1), ?, 'L1', ?)",
                    [(x, x not in weak, x, "arrest_referral:E1" if x in referred else None, districts.get(x))
                     for x in named + weak])
    _load_edges = [
        ("custody|a", "police|a", "custody_arrest_id", 1.0),
        ("police|a", "treatment|t1", "probabilistic", 0.8),   # t1's only candidate: attaches
        ("police|m", "treatment|t2", "probabilistic", 0.8),   # t2 fits m and z about as well:
        ("police|z", "treatment|t2", "probabilistic", 0.7),   #   attaches to neither
        ("treatment|t3", "treatment|t4", "probabilistic", 0.8),  # two clients, each other's only fit
        ("police|m", "treatment|t5", "probabilistic", 0.4),   # under the sole-candidate threshold
        ("police|z", "treatment|t7", "probabilistic", 0.8),   # no justice referral: nothing says z
        ("police|z", "treatment|t6", "probabilistic", 0.8),   #   is t7's person; t6 was referred
        ("police|m", "police|z", "probabilistic", 0.9),       # named pair under the threshold: apart
        ("custody|q", "police|q", "custody_arrest_id", 1.0),
        ("custody|q", "treatment|t8", "probabilistic", 0.8),  # q lives in BD3, not t8's BD1: 2.0 bits
                                                               #   less 2.9 for the conflict is p 0.35
    ]
    con.execute("CREATE TABLE e (uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE)")
    con.executemany("INSERT INTO e VALUES (least(?, ?), greatest(?, ?), ?, ?)",
                    [(a, b, a, b, m, p) for a, b, m, p in _load_edges])
    cluster_with_guard(con, "n", "e", "out", max_size=10, guard_p=0.9999, conflict_bits=2.9,
                       threshold=0.95, sole_threshold=0.5)
    assert _clusters(con) == {frozenset({"police|q", "custody|q"}), frozenset({"treatment|t8"}),
        frozenset({"police|a", "custody|a", "treatment|t1"}), frozenset({"police|m"}),
        frozenset({"police|z", "treatment|t6"}), frozenset({"treatment|t2"}),
        frozenset({"treatment|t3", "treatment|t4"}), frozenset({"treatment|t5"}), frozenset({"treatment|t7"})}
    # Without the rule the same edges link nothing under the threshold.
    cluster_with_guard(con, "n", "e", "out", max_size=10, guard_p=0.9999, conflict_bits=2.9, threshold=0.95)
    assert _clusters(con) == {frozenset({"police|a", "custody|a"}), frozenset({"police|q", "custody|q"})} | {
        frozenset({x}) for x in ["police|m", "police|z"] + weak}


def _load_named(con, pncs, edges, areas):
    con.execute("CREATE OR REPLACE TABLE n (unique_id VARCHAR, has_name BOOLEAN, pnc_id VARCHAR, la_code VARCHAR)")
    con.executemany("INSERT INTO n VALUES (?, true, ?, ?)", [(u, p, areas.get(u, "E1")) for u, p in pncs.items()])
    con.execute("CREATE OR REPLACE TABLE e (uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE)")
    con.executemany("INSERT INTO e VALUES (?, ?, ?, ?)", edges)


def test_a_pair_under_the_pnc_bar_does_not_join_two_distinct_pnc_ids_of_two_areas_however_few_records_carry_them():
    pncs = {
        # a namesake in another district: his PNC id on one record, the other person's on two
        "police|a1": "2022/2009296W", "police|b1": "2024/9029411F", "probation|b2": "2024/9029411F",
        # one person's id mistyped on one record (one digit): a slip, not another id
        "police|c1": "2019/1234567A", "probation|c2": "2019/1234567A", "custody|c3": "2019/1234587A",
        # a pair scoring above the bar, and a key link: both stand whatever the ids say
        "police|d1": "2001/1111111D", "police|e1": "2003/2222222E",
        "police|f1": "2005/3333333F", "custody|g1": "2007/4444444G",
        # one authority: a licence carrying a stranger's id, under the bar, still joins its person
        "police|h1": "2024/5382133I", "custody|h2": "2024/5382133I", "probation|h3": "2007/9945780M",
    }
    areas = {"police|a1": "E2", "police|c1": "E3", "probation|c2": "E3", "custody|c3": "E3"}
    edges = [("police|b1", "probation|b2", "pnc_id", 1.0), ("police|a1", "police|b1", "probabilistic", 0.9865),
             ("police|c1", "probation|c2", "pnc_id", 1.0), ("custody|c3", "police|c1", "probabilistic", 0.99),
             ("police|d1", "police|e1", "probabilistic", 0.99995), ("police|f1", "custody|g1", "custody_arrest_id", 1.0),
             ("police|h1", "custody|h2", "custody_arrest_id", 1.0), ("police|h1", "probation|h3", "probabilistic", 0.9976)]

    def groups(distinct_below):
        con = duckdb.connect()
        _load_named(con, pncs, edges, areas)
        stats = cluster_with_guard(con, "n", "e", "out", max_size=10, guard_p=0.9999, pnc_confirmations=2,
                                   pnc_distinct_below=distinct_below)
        got = con.execute("SELECT list(unique_id ORDER BY unique_id) FROM out GROUP BY cluster_id ORDER BY 1").fetchall()
        return stats["pnc_conflict_links_refused"], sorted(g[0] for g in got)

    refused, got = groups(0.999)
    assert refused == 1
    assert got == [["custody|c3", "police|c1", "probation|c2"], ["custody|g1", "police|f1"],
                   ["custody|h2", "police|h1", "probation|h3"], ["police|a1"], ["police|b1", "probation|b2"],
                   ["police|d1", "police|e1"]]
    # without the bar only confirmed ids count: a1's id is on one record, so the namesakes merge
    refused, got = groups(None)
    assert refused == 0 and ["police|a1", "police|b1", "probation|b2"] in got


def test_an_id_mistyped_on_two_records_is_still_one_persons_id():
    """Confirmed ids a keying slip apart are one person's: the national world split people whose
    own id was mistyped the same way on two records (2011/3110795R, 2011/3910795R). Two ids further
    apart, each confirmed, still keep two namesakes apart."""
    pncs = {
        "police|a1": "2011/3110795R", "custody|a2": "2011/3110795R", "probation|a3": "2011/3110795R",
        "probation|a4": "2011/3910795R", "police|a5": "2011/3910795R",      # one digit changed
        "police|b1": "2015/1234567K", "custody|b2": "2015/1234567K",
        "probation|b3": "2015/1243567K", "police|b4": "2015/1243567K",      # two digits swapped
        "police|c1": "2003/7654321C", "custody|c2": "2003/7654321C",
        "probation|c3": "2003/7659921C", "police|c4": "2003/7659921C",      # two digits changed
    }
    edges = [("custody|a2", "police|a1", "pnc_id", 1.0), ("police|a1", "probation|a3", "pnc_id", 1.0),
             ("police|a5", "probation|a4", "pnc_id", 1.0), ("police|a1", "probation|a4", "probabilistic", 0.99999),
             ("custody|b2", "police|b1", "pnc_id", 1.0), ("police|b4", "probation|b3", "pnc_id", 1.0),
             ("police|b1", "police|b4", "probabilistic", 0.9999),
             ("custody|c2", "police|c1", "pnc_id", 1.0), ("police|c4", "probation|c3", "pnc_id", 1.0),
             ("police|c1", "police|c4", "probabilistic", 0.99999)]
    con = duckdb.connect()
    _load_named(con, pncs, edges, {})
    stats = cluster_with_guard(con, "n", "e", "out", max_size=10, guard_p=0.9999, pnc_confirmations=2)
    assert stats["pnc_conflict_links_refused"] == 1
    assert _clusters(con) == {frozenset(k for k in pncs if k.split("|")[1][0] == person) for person in "ab"} | {
        frozenset({"police|c1", "custody|c2"}), frozenset({"probation|c3", "police|c4"})}
