"""Connected components over the edges, with a guard against chaining into giant clusters.

Transitive closure lets a few wrong edges chain many people into one "person"; that would silently
corrupt every outcome measure of those people. Clusters above `max_cluster_size` are re-clustered
using only the strongest evidence (key-based links and very high-probability pairs); the number of
guarded clusters and the largest size are reported in `linkage.runs`.
"""
from __future__ import annotations

import math

STRONG_METHODS = ("probation_crn", "treatment_client_ref", "custody_arrest_id", "treatment_custody_record_id",
                  "handover_required_assessment", "handover_prison_release")


def _drop(con, *tables: str) -> None:
    """Drop working tables as soon as they are spent: temporary tables hold memory (or spill) until
    dropped, and at national volume the edge copies alone are gigabytes the next steps need."""
    for t in tables:
        con.execute(f"DROP TABLE IF EXISTS {t}")


def connected_components(con, nodes: str, edges: str, out: str) -> None:
    """`out(unique_id, cluster_id)`: cluster_id = smallest unique_id in the component.

    Min-label propagation with pointer jumping, in SQL over integer ids (numbered in unique_id order,
    so the smallest id is the smallest unique_id): each round a node takes the smallest label among
    itself and its neighbours, then the label of that label; rounds grow with the log of the graph's
    diameter, and each is a few hash joins, so it scales with DuckDB, not Python.
    """
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _cc_ids AS
        SELECT unique_id, row_number() OVER (ORDER BY unique_id) AS id FROM {nodes}""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cc_edges AS
        WITH e AS (SELECT l.id AS a, r.id AS b FROM {edges} x
                   JOIN _cc_ids l ON l.unique_id = x.uid_l JOIN _cc_ids r ON r.unique_id = x.uid_r)
        SELECT a, b FROM e UNION ALL SELECT b, a FROM e""")
    con.execute("""CREATE OR REPLACE TEMP TABLE _cc AS
        SELECT n.id, least(n.id, coalesce(min(e.b), n.id)) AS label
        FROM _cc_ids n LEFT JOIN _cc_edges e ON e.a = n.id GROUP BY n.id""")
    while True:
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _cc_next AS
            WITH hop AS (
                SELECT e.a AS id, min(n.label) AS label
                FROM _cc_edges e JOIN _cc n ON n.id = e.b GROUP BY e.a),
            best AS (
                SELECT c.id, least(c.label, coalesce(h.label, c.label)) AS label
                FROM _cc c LEFT JOIN hop h USING (id))
            SELECT b.id, least(b.label, j.label) AS label FROM best b JOIN _cc j ON j.id = b.label""")
        changed = con.execute("""
            SELECT count(*) FROM _cc_next x JOIN _cc c USING (id) WHERE x.label <> c.label""").fetchall()[0][0]
        con.execute("DROP TABLE _cc; ALTER TABLE _cc_next RENAME TO _cc")
        if not changed:
            break
    con.execute(f"""CREATE OR REPLACE TABLE {out} AS
        SELECT i.unique_id, m.unique_id AS cluster_id
        FROM _cc c JOIN _cc_ids i ON i.id = c.id JOIN _cc_ids m ON m.id = c.label""")
    con.execute("DROP TABLE _cc; DROP TABLE _cc_edges; DROP TABLE _cc_ids")


def attach_weak_records(con, nodes: str, edges: str, out_edges: str, margin_bits: float,
                        conflict_bits: float = 0.0, one_client_per_provider: bool = False,
                        pnc_confirmations: int = 0, threshold: float = 0.0,
                        sole_threshold: float | None = None, pnc_distinct_below: float | None = None
                        ) -> tuple[int, int]:
    """Edges to cluster on: all edges among named records and all key-based edges, plus, for records
    with initials only (treatment), a probabilistic link to one other group only when it is clearly
    the best: its match weight beats the next group's by `margin_bits`.

    Why: initials, date of birth, sex and area can fit two different people equally well (the
    contract warns of this; generated worlds plant such "doppelgangers"). Plain transitive closure
    would let one treatment record merge both people and corrupt both journeys; leaving an
    ambiguous record unattached costs one link instead. Returns the number of groups left unattached
    because of ambiguity and the number of links split_pnc_conflicts refused.

    With `conflict_bits` > 0 (`nodes` then needs la_code and postcode_district), a pair whose other
    record has no postcode district, in a group whose records show other districts only, loses
    `conflict_bits`: the group says where that person lives, and it is not where the initials-only
    record lives (continuum.linkage.model.postcode_conflict_bits).

    With `one_client_per_provider` (`nodes` then needs feed and source_person_ref, `provider:client_ref`
    for treatment), a person holds at most one client number per provider: a provider that gave two
    records different client numbers judged them two clients, and it knows its clients better than
    initials and a date of birth do. Groups of one provider competing for the same person attach
    only the clearly best (by `margin_bits`), none on a tie, none if the person already holds one of
    that provider's numbers through a key; two such groups never join each other. Generated
    doppelgangers are caught this way: a lookalike's episodes at the provider that treats the person.
    Groups held back count as ambiguous.

    With `pnc_confirmations` > 0 (`nodes` then needs pnc_id), named records are grouped by
    split_pnc_conflicts first (with `pnc_distinct_below`): a person has one PNC id.

    Probabilistic edges below `threshold` are ignored, except that with `sole_threshold` (lower;
    `nodes` then needs feed and handover_key) a pair from an initials-only record scoring between
    the two counts when it is its group's sole candidate worth the name, better than every other
    candidate group by `margin_bits`, and either the other group is named and the initials-only
    group holds an episode the criminal justice system referred (handover_key: so its person is in
    the justice feeds), or the other group is initials-only too and the pair is its sole candidate
    as well. Why: at national volume a date of birth or initials keyed with one slip leaves the
    right pair at p ~ 0.8 (a prior of about -19 bits), under a threshold chosen for precision among
    competing pairs; the prior ignores that a justice referral puts the person in the justice
    feeds (linkage/settings.json, _why_sole_candidate).
    """
    floor_p = threshold if sole_threshold is None else min(threshold, sole_threshold)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _a_edges AS
        SELECT e.* FROM {edges} e JOIN {nodes} l ON l.unique_id = e.uid_l JOIN {nodes} r ON r.unique_id = e.uid_r
        WHERE e.link_method <> 'probabilistic' OR (l.has_name AND r.has_name AND e.match_probability >= {float(threshold)})""")
    connected_components(con, nodes, "_a_edges", "_a_cc")
    refused = split_pnc_conflicts(con, nodes, "_a_edges", "_a_cc", pnc_confirmations,
                                  pnc_distinct_below) if pnc_confirmations > 0 else 0
    if refused:
        connected_components(con, nodes, "_a_edges", "_a_cc")
    # One row per weak pair between groups; `w_pcd` (the initials-only record's postcode district) is
    # kept only where the other record has none but the same authority: the pairs the rule may mark down.
    if conflict_bits > 0:
        w_pcd = """CASE WHEN nx.postcode_district IS NULL AND nw.la_code = nx.la_code
                        THEN nw.postcode_district END"""
        node_joins = f"JOIN {nodes} nw ON nw.unique_id = weak_edges.w JOIN {nodes} nx ON nx.unique_id = weak_edges.x"
    else:
        w_pcd, node_joins = "NULL::VARCHAR", ""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _weak AS
        WITH weak_edges AS (
            SELECT e.uid_l AS w, e.uid_r AS x, e.match_probability AS p FROM {edges} e
            JOIN {nodes} n ON n.unique_id = e.uid_l WHERE e.link_method = 'probabilistic' AND NOT n.has_name
              AND e.match_probability >= {float(floor_p)}
            UNION ALL
            SELECT e.uid_r, e.uid_l, e.match_probability FROM {edges} e
            JOIN {nodes} n ON n.unique_id = e.uid_r WHERE e.link_method = 'probabilistic' AND NOT n.has_name
              AND e.match_probability >= {float(floor_p)})
        SELECT cw.cluster_id AS g, cx.cluster_id AS c,
               log2(least(p, 1 - 1e-15) / (1 - least(p, 1 - 1e-15))) AS w, {w_pcd} AS w_pcd
        FROM weak_edges JOIN _a_cc cw ON cw.unique_id = weak_edges.w JOIN _a_cc cx ON cx.unique_id = weak_edges.x
        {node_joins}
        WHERE cw.cluster_id <> cx.cluster_id""")
    # The postcode districts each group's records show, as distinct pairs (plain joins and a DISTINCT,
    # which DuckDB can spill at national volume; a list per group could not).
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _a_pcd AS
        SELECT DISTINCT c.cluster_id, n.postcode_district AS pcd
        FROM _a_cc c JOIN {nodes} n USING (unique_id) WHERE n.postcode_district IS NOT NULL"""
                if conflict_bits > 0 else "CREATE OR REPLACE TEMP TABLE _a_pcd (cluster_id VARCHAR, pcd VARCHAR)")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _cand AS
        SELECT k.g, k.c,
               max(k.w - CASE WHEN k.w_pcd IS NOT NULL AND h.cluster_id IS NOT NULL AND q.cluster_id IS NULL
                              THEN {float(conflict_bits)} ELSE 0 END) AS w,
               max(k.w) AS w_raw
        FROM _weak k
        LEFT JOIN (SELECT DISTINCT cluster_id FROM _a_pcd) h ON h.cluster_id = k.c
        LEFT JOIN _a_pcd q ON q.cluster_id = k.c AND q.pcd = k.w_pcd
        GROUP BY 1, 2""")
    con.execute("DROP TABLE _weak; DROP TABLE _a_pcd")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _named AS
        SELECT DISTINCT c.cluster_id FROM _a_cc c JOIN {nodes} n USING (unique_id) WHERE n.has_name""")
    if floor_p < threshold:
        _keep_sole_candidates(con, nodes, threshold, floor_p, margin_bits)
    # A: a group without any named record attaches to its best named cluster, if clearly the best.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _ranked AS
        SELECT g, c, w, row_number() OVER (PARTITION BY g ORDER BY w DESC, c) AS rk,
               lead(w) OVER (PARTITION BY g ORDER BY w DESC, c) AS next_w
        FROM _cand WHERE g NOT IN (SELECT cluster_id FROM _named) AND c IN (SELECT cluster_id FROM _named)""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _att AS
        SELECT g, c, w, (next_w IS NOT NULL AND w - next_w < {float(margin_bits)}) AS ambiguous
        FROM _ranked WHERE rk = 1""")
    if one_client_per_provider:
        _hold_back_second_clients(con, nodes, margin_bits)
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE _ref (cluster_id VARCHAR, provider VARCHAR, ref VARCHAR)")
    # B: groups without named records join each other (the same client at two providers) unless
    # one is ambiguous or they chose different people.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {out_edges} AS
        SELECT uid_l, uid_r, link_method, match_probability FROM _a_edges
        UNION ALL
        SELECT least(g, c), greatest(g, c), 'attach', NULL FROM _att WHERE NOT ambiguous
        UNION ALL
        SELECT least(k.g, k.c), greatest(k.g, k.c), 'attach', NULL
        FROM _cand k LEFT JOIN _att a1 ON a1.g = k.g LEFT JOIN _att a2 ON a2.g = k.c
        WHERE k.g NOT IN (SELECT cluster_id FROM _named) AND k.c NOT IN (SELECT cluster_id FROM _named)
          AND NOT coalesce(a1.ambiguous, false) AND NOT coalesce(a2.ambiguous, false)
          AND NOT (a1.c IS NOT NULL AND a2.c IS NOT NULL AND a1.c <> a2.c)
          AND NOT EXISTS (SELECT 1 FROM _ref r1 JOIN _ref r2 ON r2.provider = r1.provider AND r2.ref <> r1.ref
                          WHERE r1.cluster_id = k.g AND r2.cluster_id = k.c)""")
    ambiguous = con.execute("SELECT count(*) FROM _att WHERE ambiguous").fetchall()[0][0]
    _drop(con, "_ref", "_att", "_ranked", "_named", "_cand", "_a_edges", "_a_cc")
    return ambiguous, refused


def split_pnc_conflicts(con, nodes: str, edges: str, components: str, confirmations: int,
                        distinct_below: float | None = None) -> int:
    """Delete from `edges` the links that would make one person of two PNC ids; returns how many.

    Why: the Police National Computer gives a person one id. A single record's PNC id may be
    mistyped or someone else's (the contract says so), but two ids each seen on `confirmations` or
    more records are two people, whatever their names and dates of birth say. On the national world
    (seed 11) such components were 1,127 of 1.29 million, and 1,110 of them merged people: namesakes
    with the same date of birth whose detentions, police records and licences then made one journey.

    With `distinct_below` (`nodes` then needs la_code), a Splink pair scoring under it is also
    refused when it would join two groups that each hold a PNC id, no id of one within one keying
    slip of an id of the other, however few records carry them, and that share no local authority.
    Why: a namesake born the same day in another district scores about 0.99 at national volume (same
    name and date of birth, another authority), and when one of the two has his PNC id on a single
    record the confirmed-ids rule cannot see the conflict: 192 of the 200 such merged pairs on the
    national world. A slip (one digit wrong, two swapped) is the same person's id mistyped, so it
    does not count as another id, in either rule (_people_by_ids); and in one authority a record
    with another id may be the person's own, carrying someone else's id (demo seed 5: a licence with
    a stranger's PNC id and the person's name, date of birth and borough), so the bar asks for
    different areas too.

    Only components of `components` holding two confirmed ids (or, with `distinct_below`, two ids
    more than a slip apart) are re-grouped, in Python: union-find over their edges, key links first
    (always taken), then the other deterministic links, then Splink pairs by falling probability; a
    link is refused when the joined group would confirm two or more PNC ids, more than either side
    did, or by the rule above.
    """
    distant = "" if distinct_below is None else f"""
        UNION
        SELECT cluster_id FROM (SELECT c.cluster_id, list(DISTINCT n.pnc_id) AS ids
                                FROM {components} c JOIN {nodes} n USING (unique_id)
                                WHERE n.pnc_id IS NOT NULL GROUP BY 1 HAVING count(DISTINCT n.pnc_id) >= 2)
        WHERE EXISTS (SELECT 1 FROM unnest(ids) a(x), unnest(ids) b(y) WHERE damerau_levenshtein(x, y) >= 2)"""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _pnc_cc AS
        WITH seen AS (
            SELECT c.cluster_id, n.pnc_id FROM {components} c JOIN {nodes} n USING (unique_id)
            WHERE n.pnc_id IS NOT NULL GROUP BY ALL HAVING count(*) >= {int(confirmations)})
        SELECT cluster_id FROM seen GROUP BY 1 HAVING count(*) >= 2 {distant}""")
    if not con.execute("SELECT count(*) FROM _pnc_cc").fetchall()[0][0]:
        con.execute("DROP TABLE _pnc_cc")
        return 0
    la_col = "n.la_code" if distinct_below is not None else "NULL"
    rows = con.execute(f"""SELECT n.unique_id, n.pnc_id, {la_col} FROM {nodes} n JOIN {components} c USING (unique_id)
        WHERE c.cluster_id IN (SELECT cluster_id FROM _pnc_cc)""").fetchall()
    pnc = {u: p for u, p, _ in rows}
    areas = {u: ({a} if a else set()) for u, _, a in rows}
    strong = ", ".join(f"'{m}'" for m in STRONG_METHODS)
    links = con.execute(f"""
        SELECT e.uid_l, e.uid_r, e.link_method IN ({strong}) AS strong,
               e.link_method = 'probabilistic' AND e.match_probability < {float(distinct_below or 0)} AS weak
        FROM {edges} e
        JOIN {components} c ON c.unique_id = e.uid_l WHERE c.cluster_id IN (SELECT cluster_id FROM _pnc_cc)
        ORDER BY e.link_method NOT IN ({strong}), e.link_method = 'probabilistic',
                 e.match_probability DESC NULLS LAST, e.uid_l, e.uid_r""").fetchall()
    parent = {u: u for u in pnc}
    counts = {u: ({p: 1} if p else {}) for u, p in pnc.items()}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def confirmed(c):
        return _people_by_ids([p for p, k in c.items() if k >= confirmations])

    refused = []
    for a, b, is_strong, weak in links:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, big = sorted((ra, rb), key=lambda r: len(counts[r]))
        joined = dict(counts[big])
        for p, k in counts[small].items():
            joined[p] = joined.get(p, 0) + k
        n = confirmed(joined)
        if not is_strong and ((n >= 2 and n > max(confirmed(counts[ra]), confirmed(counts[rb])))
                              or (weak and _distinct_ids(counts[ra], counts[rb])
                                  and areas[ra] and areas[rb] and not areas[ra] & areas[rb])):
            refused.append((a, b))
            continue
        parent[small], counts[big] = big, joined
        areas[big] |= areas.pop(small)
        del counts[small]
    if refused:
        import pandas as pd

        con.register("_pnc_refused", pd.DataFrame(refused, columns=["uid_l", "uid_r"]))
        con.execute(f"DELETE FROM {edges} e USING _pnc_refused r WHERE e.uid_l = r.uid_l AND e.uid_r = r.uid_r")
        con.unregister("_pnc_refused")
    con.execute("DROP TABLE _pnc_cc")
    return len(refused)


def _people_by_ids(ids: list[str]) -> int:
    """How many people `ids` stand for: ids a keying slip apart are one person's id mistyped.

    Why: a mistyped id can itself reach pnc_id_confirmations (a person's record keyed wrongly twice,
    or a wrong id copied from one record to the next). Counting it as a second person's id split a
    person's records wherever they carried it (national world, seed 11: 26 of the 413 people whose
    police, custody or probation records were split, e.g. 2011/3110795R and 2011/3910795R). Two
    people's ids are never a slip apart in practice: a real PNC id ends in a check character
    computed from its digits, which one changed or swapped digit changes."""
    groups: list[set[str]] = []
    for x in ids:
        near = [g for g in groups if any(_one_slip(x, y) for y in g)]
        groups = [g for g in groups if g not in near] + [{x}.union(*near)]
    return len(groups)


def _distinct_ids(a, b) -> bool:
    """Both groups hold a PNC id and none of one is within one keying slip of one of the other."""
    return bool(a) and bool(b) and not any(_one_slip(x, y) for x in a for y in b)


def _one_slip(x: str, y: str) -> bool:
    """Equal, or one character changed, inserted, dropped, or two neighbours swapped."""
    if x == y:
        return True
    if len(x) == len(y):
        d = [i for i in range(len(x)) if x[i] != y[i]]
        return len(d) == 1 or (len(d) == 2 and d[1] == d[0] + 1 and x[d[0]] == y[d[1]] and x[d[1]] == y[d[0]])
    if abs(len(x) - len(y)) != 1:
        return False
    short, long_ = sorted((x, y), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _bits(p: float) -> float:
    p = min(max(p, 1e-15), 1 - 1e-15)
    return math.log2(p / (1 - p))


def _keep_sole_candidates(con, nodes: str, threshold: float, sole_threshold: float, margin_bits: float) -> None:
    """Drop from `_cand` each pair under `threshold` (by its unpenalised weight) unless it stays at
    or above `sole_threshold` after the postcode-conflict penalty, is its group's clearly best
    candidate (by `margin_bits` over the next, whatever that scored) and the
    other group is either named, with the initials-only group holding an episode the criminal
    justice system referred, or initials-only too, with the pair that group's clearly best as well
    (attach_weak_records)."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _sole AS
        SELECT g, c FROM (
            SELECT g, c, w, lead(w) OVER (PARTITION BY g ORDER BY w DESC, c) AS next_w,
                   row_number() OVER (PARTITION BY g ORDER BY w DESC, c) AS rk
            FROM _cand)
        WHERE rk = 1 AND (next_w IS NULL OR w - next_w >= {float(margin_bits)})""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _referred AS
        SELECT DISTINCT c.cluster_id FROM _a_cc c JOIN {nodes} n USING (unique_id)
        WHERE n.feed = 'treatment' AND n.handover_key IS NOT NULL""")
    con.execute(f"""DELETE FROM _cand k WHERE k.w_raw < {_bits(threshold)}
        AND NOT (k.w >= {_bits(sole_threshold)} AND EXISTS (SELECT 1 FROM _sole s WHERE s.g = k.g AND s.c = k.c)
                 AND CASE WHEN k.c IN (SELECT cluster_id FROM _named)
                          THEN k.g IN (SELECT cluster_id FROM _referred)
                          ELSE EXISTS (SELECT 1 FROM _sole s WHERE s.g = k.c AND s.c = k.g) END)""")
    con.execute("DROP TABLE _sole; DROP TABLE _referred")


def _hold_back_second_clients(con, nodes: str, margin_bits: float) -> None:
    """Mark as ambiguous in `_att` each group that would give its person a second client number at
    one provider (attach_weak_records, `one_client_per_provider`); leaves `_ref(cluster_id, provider,
    ref)`, the client numbers each group holds."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _ref AS
        SELECT DISTINCT c.cluster_id, split_part(n.source_person_ref, ':', 1) AS provider,
               n.source_person_ref AS ref
        FROM _a_cc c JOIN {nodes} n USING (unique_id)
        WHERE n.feed = 'treatment' AND n.source_person_ref IS NOT NULL""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _held AS
        WITH contest AS (
            SELECT a.g, a.c, r.provider, a.w FROM _att a JOIN _ref r ON r.cluster_id = a.g WHERE NOT a.ambiguous),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY c, provider ORDER BY w DESC, g) AS rk,
                   lead(w) OVER (PARTITION BY c, provider ORDER BY w DESC, g) AS next_w,
                   count(*) OVER (PARTITION BY c, provider) AS n
            FROM contest)
        SELECT DISTINCT k.g FROM ranked k
        LEFT JOIN (SELECT DISTINCT cluster_id, provider FROM _ref) own
               ON own.cluster_id = k.c AND own.provider = k.provider
        WHERE own.cluster_id IS NOT NULL
           OR (k.n > 1 AND (k.rk > 1 OR k.w - k.next_w < {float(margin_bits)}))""")
    con.execute("UPDATE _att SET ambiguous = true WHERE g IN (SELECT g FROM _held)")
    con.execute("DROP TABLE _held")


def cluster_from_settings(con, nodes: str, edges: str, out: str, settings: dict, conflict_bits: float,
                          threshold: float | None = None) -> dict:
    """cluster_with_guard with the threshold, guard, margin and provider rules of
    linkage/settings.json (`threshold` overrides the settings' one, for threshold curves)."""
    return cluster_with_guard(con, nodes, edges, out, settings["max_cluster_size"],
                              settings["guard_threshold_match_probability"], settings["attach_margin_bits"],
                              conflict_bits, settings.get("one_client_ref_per_provider", False),
                              settings.get("pnc_id_confirmations", 0),
                              settings["threshold_match_probability"] if threshold is None else threshold,
                              settings.get("sole_candidate_threshold_match_probability"),
                              settings.get("pnc_id_distinct_below_probability"))


def cluster_with_guard(con, nodes: str, edges: str, out: str, max_size: int, guard_p: float,
                       margin_bits: float = 3.0, conflict_bits: float = 0.0,
                       one_client_per_provider: bool = False, pnc_confirmations: int = 0,
                       threshold: float = 0.0, sole_threshold: float | None = None,
                       pnc_distinct_below: float | None = None) -> dict:
    """Cluster (with the initials-only attachment rule), then split clusters larger than `max_size`
    on strong edges only. `nodes` needs unique_id and has_name (and la_code, postcode_district
    with `conflict_bits`; feed, source_person_ref with `one_client_per_provider`; pnc_id with
    `pnc_confirmations`; feed, handover_key with `sole_threshold`). Returns stats."""
    ambiguous, refused = attach_weak_records(con, nodes, edges, "_final_edges", margin_bits, conflict_bits,
                                             one_client_per_provider, pnc_confirmations, threshold, sole_threshold,
                                             pnc_distinct_below)
    connected_components(con, nodes, "_final_edges", out)
    edges = "_final_edges"
    big = con.execute(f"""
        SELECT cluster_id FROM {out} GROUP BY cluster_id HAVING count(*) > {int(max_size)}""").fetchall()
    if big:
        strong = ", ".join(f"'{m}'" for m in STRONG_METHODS)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _g_nodes AS
            SELECT unique_id FROM {out} WHERE cluster_id IN (SELECT cluster_id FROM {out}
                GROUP BY cluster_id HAVING count(*) > {int(max_size)})""")
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _g_edges AS
            SELECT e.* FROM {edges} e JOIN _g_nodes n ON n.unique_id = e.uid_l
            WHERE e.link_method IN ({strong}) OR e.match_probability >= {float(guard_p)}""")
        connected_components(con, "_g_nodes", "_g_edges", "_g_out")
        con.execute(f"""
            UPDATE {out} SET cluster_id = g.cluster_id FROM _g_out g WHERE g.unique_id = {out}.unique_id""")
        _drop(con, "_g_nodes", "_g_edges", "_g_out")
    _drop(con, "_final_edges")
    max_after = con.execute(f"SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM {out} GROUP BY cluster_id)").fetchall()[0][0]
    return {"guarded_clusters": len(big), "max_cluster_size": int(max_after), "ambiguous_attachments": ambiguous,
            "pnc_conflict_links_refused": refused}
