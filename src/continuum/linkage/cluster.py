"""Connected components over the edges, with a guard against chaining into giant clusters.

Transitive closure lets a few wrong edges chain many people into one "person"; that would silently
corrupt every outcome measure of those people. Clusters above `max_cluster_size` are re-clustered
using only the strongest evidence (key-based links and very high-probability pairs); the number of
guarded clusters and the largest size are reported in `linkage.runs`.
"""
from __future__ import annotations

STRONG_METHODS = ("probation_crn", "treatment_client_ref", "custody_arrest_id", "treatment_custody_record_id")


def connected_components(con, nodes: str, edges: str, out: str) -> None:
    """`out(unique_id, cluster_id)`: cluster_id = smallest unique_id in the component.

    Label propagation in SQL: each round every node takes the smallest label among its neighbours;
    the number of rounds is the graph diameter (small for people's records), each round one join.
    """
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cc_edges AS
        SELECT uid_l AS a, uid_r AS b FROM {edges} UNION ALL SELECT uid_r, uid_l FROM {edges}""")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _cc AS SELECT unique_id, unique_id AS cluster_id FROM {nodes}")
    while True:
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _cc_next AS
            SELECT c.unique_id, least(c.cluster_id, coalesce(min(n.cluster_id), c.cluster_id)) AS cluster_id
            FROM _cc c LEFT JOIN _cc_edges e ON e.a = c.unique_id LEFT JOIN _cc n ON n.unique_id = e.b
            GROUP BY c.unique_id, c.cluster_id""")
        changed = con.execute("""
            SELECT count(*) FROM _cc_next x JOIN _cc c USING (unique_id)
            WHERE x.cluster_id <> c.cluster_id""").fetchall()[0][0]
        con.execute("DROP TABLE _cc; ALTER TABLE _cc_next RENAME TO _cc")
        if not changed:
            break
    con.execute(f"CREATE OR REPLACE TABLE {out} AS SELECT * FROM _cc")
    con.execute("DROP TABLE _cc; DROP TABLE _cc_edges")


def cluster_with_guard(con, nodes: str, edges: str, out: str, max_size: int, guard_p: float) -> dict:
    """Cluster, then split clusters larger than `max_size` on strong edges only. Returns stats."""
    connected_components(con, nodes, edges, out)
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
    max_after = con.execute(f"SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM {out} GROUP BY cluster_id)").fetchall()[0][0]
    return {"guarded_clusters": len(big), "max_cluster_size": int(max_after)}
