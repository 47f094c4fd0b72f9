"""Measure linkage against a generated world's truth (`<world>/truth/record_persons.csv`).

Pairwise precision/recall count record pairs placed in the same predicted person against pairs of
the same true person -- the measure the outcome tables are sensitive to (a false merge gives one
person another's treatment; a split loses a journey). Cluster-level and per-feed figures say where
errors are. Only records present in both linkage.person_records and the truth are scored (rejected
or quarantined deliveries are in the truth but never reach linkage).
"""
from __future__ import annotations

from pathlib import Path


def _truth_csv(truth_dir: Path) -> Path:
    truth_dir = Path(truth_dir)
    for p in (truth_dir / "record_persons.csv", truth_dir / "truth" / "record_persons.csv"):
        if p.exists():
            return p
    raise FileNotFoundError(f"no record_persons.csv under {truth_dir}")


def evaluate_connection(con, predicted: str, truth_csv: Path) -> dict:
    """Scores for `predicted(feed, record_key, person_key)` in `con` against the truth CSV."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _truth AS SELECT CAST(feed AS VARCHAR) feed,
        CAST(record_key AS VARCHAR) record_key, CAST(person_id AS VARCHAR) person_id
        FROM read_csv('{truth_csv}', header = true, all_varchar = true)""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _j AS SELECT p.feed, p.record_key, p.person_key, t.person_id
        FROM {predicted} p JOIN _truth t USING (feed, record_key)""")

    def one(sql):
        return con.execute(sql).fetchall()[0]

    n, pred_only, truth_only = one(f"""SELECT (SELECT count(*) FROM _j),
        (SELECT count(*) FROM {predicted} p ANTI JOIN _truth t USING (feed, record_key)),
        (SELECT count(*) FROM _truth t ANTI JOIN {predicted} p USING (feed, record_key))""")
    tp, pp, tt = one("""SELECT
        (SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) c FROM _j GROUP BY person_key, person_id)),
        (SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) c FROM _j GROUP BY person_key)),
        (SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) c FROM _j GROUP BY person_id))""")
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    persons, exact, split = one("""WITH per AS (
            SELECT person_id, count(DISTINCT person_key) k FROM _j GROUP BY 1),
        pure AS (SELECT person_key FROM _j GROUP BY 1 HAVING count(DISTINCT person_id) = 1)
        SELECT count(*),
               count(*) FILTER (WHERE k = 1 AND person_id IN (
                   SELECT person_id FROM _j WHERE person_key IN (SELECT person_key FROM pure))),
               count(*) FILTER (WHERE k > 1)
        FROM per""")
    clusters, merged, max_size = one("""SELECT count(*), count(*) FILTER (WHERE m > 1), max(c)
        FROM (SELECT person_key, count(DISTINCT person_id) m, count(*) c FROM _j GROUP BY 1)""")
    per_feed = {}
    for feed, pred_share, true_share in con.execute("""
        WITH ps AS (SELECT person_key, count(*) c FROM _j GROUP BY 1),
             ts AS (SELECT person_id, count(*) c FROM _j GROUP BY 1)
        SELECT j.feed, avg(CASE WHEN ps.c > 1 THEN 1 ELSE 0 END), avg(CASE WHEN ts.c > 1 THEN 1 ELSE 0 END)
        FROM _j j JOIN ps USING (person_key) JOIN ts USING (person_id) GROUP BY 1 ORDER BY 1""").fetchall():
        per_feed[feed] = {"linked_share": round(pred_share, 4), "true_linked_share": round(true_share, 4)}
    result = {
        "records_scored": n, "records_not_in_truth": pred_only, "truth_records_not_linked": truth_only,
        "pair_precision": round(precision, 5), "pair_recall": round(recall, 5), "pair_f1": round(f1, 5),
        "true_pairs": int(tt), "predicted_pairs": int(pp), "true_positive_pairs": int(tp),
        "true_persons": persons, "persons_exactly_one_cluster": round(exact / persons, 4) if persons else None,
        "persons_split": split, "predicted_people": clusters, "clusters_merging_persons": merged,
        "max_cluster_size": max_size, "per_feed": per_feed,
    }
    persons_csv = Path(truth_csv).with_name("persons.csv")
    if persons_csv.exists():
        result["by_ethnicity"] = _by_ethnicity(con, persons_csv)
    return result


def _by_ethnicity(con, persons_csv: Path) -> dict:
    """Pair recall and precision, and the share of people split or merged, by the true person's
    ethnic group. Partnerships monitor disproportionality with ethnicity: linkage that loses one
    group's journeys more often than another's would bias exactly that comparison."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _eth AS SELECT CAST(person_id AS VARCHAR) person_id,
        coalesce(CAST(ethnicity AS VARCHAR), 'not_stated') ethnicity
        FROM read_csv('{persons_csv}', header = true, all_varchar = true)""")
    rows = con.execute("""
        WITH j AS (SELECT _j.*, e.ethnicity FROM _j JOIN _eth e USING (person_id)),
             cell AS (SELECT person_key, person_id, any_value(ethnicity) ethnicity, count(*) c FROM j GROUP BY 1, 2),
             per AS (SELECT person_id, any_value(ethnicity) ethnicity, sum(c) c, count(*) k FROM cell GROUP BY 1),
             clu AS (SELECT person_key, sum(c) c, count(*) m FROM cell GROUP BY 1),
             pred AS (SELECT cell.ethnicity, sum(cell.c * (clu.c - 1) / 2) pp
                      FROM cell JOIN clu USING (person_key) GROUP BY 1),
             tpos AS (SELECT ethnicity, sum(c * (c - 1) / 2) tp FROM cell GROUP BY 1),
             tru AS (SELECT ethnicity, count(*) persons, sum(c * (c - 1) / 2) tt, count(*) FILTER (WHERE k > 1) split
                     FROM per GROUP BY 1),
             mer AS (SELECT cell.ethnicity, count(DISTINCT cell.person_id) merged FROM cell JOIN clu USING (person_key)
                     WHERE clu.m > 1 GROUP BY 1)
        SELECT ethnicity, persons, tt, tp, pp, split, coalesce(merged, 0)
        FROM tru JOIN tpos USING (ethnicity) JOIN pred USING (ethnicity) LEFT JOIN mer USING (ethnicity)
        ORDER BY persons DESC""").fetchall()
    return {eth: {"persons": persons, "pair_recall": round(tp / tt, 5) if tt else 1.0,
                  "pair_precision": round(tp / pp, 5) if pp else 1.0,
                  "persons_split_share": round(split / persons, 5), "persons_merged_share": round(merged / persons, 5)}
            for eth, persons, tt, tp, pp, split, merged in rows}


def evaluate(warehouse: Path, truth_dir: Path) -> dict:
    """Evaluate linkage.person_records of `warehouse` against `truth_dir` (a world or its truth/)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{Path(warehouse)}' AS wh (READ_ONLY)")
        return evaluate_connection(con, "wh.linkage.person_records", _truth_csv(truth_dir))
    finally:
        con.close()
