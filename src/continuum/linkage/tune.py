"""Precision/recall against truth at several thresholds, from one scoring pass.

The threshold in linkage/settings.json is chosen from this curve (linkage/README.md records the
measured one): scoring once at the lowest threshold and re-clustering at each candidate is the same
as a full run at that threshold, since clustering ignores edges below it (but for sole-candidate
attachment, whose own threshold stays as set).
"""
from __future__ import annotations

from pathlib import Path

from continuum.linkage import cluster, edges, model, prepare
from continuum.linkage.evaluate import _truth_csv, evaluate_connection


def threshold_curve(con, source: str, truth_dir: Path, thresholds: list[float], trained: dict | None = None,
                    settings: dict | None = None) -> list[dict]:
    """Curve rows (threshold, pair precision/recall/F1, max cluster size) for records in `source`."""
    settings = settings or model.load_settings()
    if trained is None:  # the repository's model, with the run-time prior as link_people uses it
        trained = dict(model.load_model(settings))
        meta = model.load_meta(settings["model_version"])
    else:  # a model just trained on these records
        meta = None
    n = prepare.create_prepared(con, source)
    if meta:
        trained["probability_two_random_records_match"], _ = model.run_lambda(trained, meta, n)
    linker, _ = model.make_linker(con, "prep", trained, prefix="tu")
    def scored_from(t: float) -> float:  # the sole-candidate rule's pairs come too
        return model.scoring_threshold(dict(settings, threshold_match_probability=t))
    pred = linker.inference.predict(threshold_match_probability=scored_from(min(thresholds)), warning_mode="never")
    con.execute(f"CREATE OR REPLACE TABLE prob_all AS {edges.splink_edges_sql(pred.physical_name)}")
    edges.create_deterministic_edges(con, "prep", "det_edges", settings)
    truth_csv = _truth_csv(truth_dir)
    rows = []
    for t in sorted(thresholds):
        con.execute(f"""CREATE OR REPLACE TABLE t_edges AS
            SELECT * FROM det_edges UNION ALL SELECT * FROM prob_all
            WHERE match_probability >= {scored_from(t)}""")
        stats = cluster.cluster_from_settings(con, "prep", "t_edges", "t_clusters", settings,
                                              model.postcode_conflict_bits(trained), threshold=t)
        con.execute("""CREATE OR REPLACE TABLE t_pred AS SELECT p.feed, p.record_key, c.cluster_id AS person_key
                       FROM prep p JOIN t_clusters c USING (unique_id)""")
        r = evaluate_connection(con, "t_pred", truth_csv)
        rows.append({"threshold": t, "pair_precision": r["pair_precision"], "pair_recall": r["pair_recall"],
                     "pair_f1": r["pair_f1"], "predicted_people": r["predicted_people"],
                     "true_persons": r["true_persons"], "max_cluster_size": stats["max_cluster_size"],
                     "guarded_clusters": stats["guarded_clusters"]})
    return rows
