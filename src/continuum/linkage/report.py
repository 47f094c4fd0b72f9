"""An HTML page for analysts: how the model weighs evidence and how well the feeds link.

Uses Splink's own charts (match weights; waterfalls for a few accepted pairs near and far above the
threshold, with identifying values removed -- names and dates of birth must not leave the
linkage_inputs layer) and plain tables for cluster sizes, link methods and per-feed link rates.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
from pathlib import Path

from continuum.linkage import model, prepare


def _table(headers, rows) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(chart) -> str:
    from splink.internals.html_utils import chart_html

    return chart_html(chart.chart_dict, inline=True)


def write_report(warehouse: Path, out_html: Path, examples: int = 4) -> Path:
    import duckdb

    con = duckdb.connect()
    con.execute(f"ATTACH '{Path(warehouse)}' AS wh (READ_ONLY)")
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    parts = [f"<h1>Continuum person linkage</h1><p>Generated {dt.datetime.now():%Y-%m-%d %H:%M}.</p>"]

    # a warehouse last linked before the one-PNC-id rule has no column for it yet (state.ensure adds it)
    refused = ("pnc_conflict_links_refused" if q("""SELECT count(*) FROM duckdb_columns() WHERE database_name = 'wh'
        AND table_name = 'runs' AND column_name = 'pnc_conflict_links_refused'""")[0][0] else "NULL")
    runs = q(f"""SELECT run_id, mode, finished_at, records, new_records, people, max_cluster_size, model_version,
                       threshold, probabilistic_edges, deterministic_edges, guarded_clusters,
                       ambiguous_attachments, {refused}, seconds
                FROM wh.linkage.runs ORDER BY finished_at DESC LIMIT 10""")
    parts.append("<h2>Recent runs</h2>" + _table(
        ["run", "mode", "finished", "records", "new", "people", "largest person", "model", "threshold",
         "probabilistic links", "key links", "guarded clusters", "held back as ambiguous",
         "links refused: two PNC ids", "seconds"], runs))

    rates = q("""WITH pr AS (SELECT feed, person_key FROM wh.linkage.person_records),
                 feeds AS (SELECT person_key, list(DISTINCT feed) fs, count(*) n FROM pr GROUP BY 1)
        SELECT pr.feed, count(*),
               round(avg((n > 1)::INT), 4),
               round(avg(list_contains(fs, 'police')::INT), 4), round(avg(list_contains(fs, 'custody')::INT), 4),
               round(avg(list_contains(fs, 'treatment')::INT), 4), round(avg(list_contains(fs, 'probation')::INT), 4)
        FROM pr JOIN feeds USING (person_key) GROUP BY 1 ORDER BY 1""")
    parts.append("<h2>Link rates by feed</h2><p>Share of each feed's records whose person has another record, "
                 "and whose person appears in each feed.</p>" + _table(
                     ["feed", "records", "linked to another record", "with police", "with custody",
                      "with treatment", "with probation"], rates))
    methods = q("""SELECT feed, link_method, count(*) FROM wh.linkage.person_records GROUP BY ALL ORDER BY 1, 3 DESC""")
    parts.append("<h2>How records were linked</h2><p>The strongest evidence touching each record: a trusted key "
                 "(checked against date of birth and sex where keys are sometimes wrong), a Splink pair above the "
                 "threshold, or none.</p>" + _table(["feed", "link method", "records"], methods))
    sizes = q("""SELECT n, count(*) FROM (SELECT count(*) n FROM wh.linkage.person_records GROUP BY person_key)
                 GROUP BY 1 ORDER BY 1""")
    parts.append("<h2>People by number of records</h2><p>Very large clusters usually mean chained false links; "
                 "clusters above the guard size are re-split on strong evidence only.</p>"
                 + _table(["records per person", "people"], sizes))

    settings = model.load_settings()
    trained = copy.deepcopy(model.load_model(settings))
    trained["retain_intermediate_calculation_columns"] = True
    trained["retain_matching_columns"] = True
    prepare.create_prepared(con, f"wh.{prepare.INPUT_TABLE}")
    linker, _ = model.make_linker(con, "prep", trained, prefix="rp")
    parts.append("<h2>Match weights of the model</h2><p>Evidence for (right) or against (left) two records being "
                 f"the same person, model {html.escape(settings['model_version'])}.</p>"
                 + _chart(linker.visualisations.match_weights_chart()))
    thr = float(settings["threshold_match_probability"])
    accepted = f"link_method = 'probabilistic' AND match_probability >= {thr}"
    pairs = q(f"""(SELECT uid_l, uid_r FROM wh.linkage.edges WHERE {accepted}
                   ORDER BY match_probability, uid_l LIMIT {examples // 2})
                  UNION ALL (SELECT uid_l, uid_r FROM wh.linkage.edges WHERE {accepted}
                   ORDER BY hash(uid_l) LIMIT {examples - examples // 2})""")
    if pairs:
        cols = ", ".join(prepare.SPLINK_COLUMNS)
        records = []
        for a, b in pairs:
            ra = con.execute(f"SELECT {cols} FROM prep WHERE unique_id = ?", [a]).fetchdf().to_dict("records")[0]
            rb = con.execute(f"SELECT {cols} FROM prep WHERE unique_id = ?", [b]).fetchdf().to_dict("records")[0]
            for r in (ra, rb):
                r["forenames_all"] = list(r["forenames_all"]) if r["forenames_all"] is not None else None
            records += linker.inference.score_pair(ra, rb).as_record_list()
        parts.append(f"<h2>Example accepted pairs</h2><p>How the match weight of a few linked pairs adds up "
                     f"(threshold {thr}); identifying values are removed.</p>"
                     + _chart(linker.visualisations.waterfall_chart(records, remove_sensitive_data=True)))
    con.close()
    style = ("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;"
             "margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style>")
    out_html = Path(out_html)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Continuum linkage</title>"
                        + style + "</head><body>" + "\n".join(parts) + "</body></html>", encoding="utf-8")
    return out_html
