"""Generate a world, run the whole pipeline on it, and print how far every published measure is from the
ground truth, with the linkage quality behind it and what caused each difference.

    .venv/bin/python benchmarks/pipeline_vs_truth.py --preset demo --seed 4 [--noise none] [--dir /tmp/bench-pipeline]

Prints:
- stage timings, rows/second and peak RSS of `continuum run` (one cold night);
- pairwise linkage precision, recall, F1 and cluster measures against the truth;
- for each outcome table: cells compared, cells differing, largest difference -- first the warehouse's
  exact `outcomes` tables, then the published (disclosure-controlled) rates with the 0.5-point tolerance;
- attribution (unless --no-oracle): the same night's marts and publication rebuilt on a copy of the
  warehouse with linkage replaced by the true person of every record ("oracle linkage"). A cell that
  is right with oracle linkage and wrong with real linkage is wrong *because of linkage*; a cell wrong
  in both is wrong for another reason (ingest, definitions, disclosure). Every published rate off by
  more than the tolerance is listed in <dir>/.../published_rate_differences.csv with its truth
  numerator and denominator, the exact warehouse rate, the oracle rate and the published rate, and
  summarised by cause and by denominator size.

Exit status 0 when no published rate is more than 0.5 points from the truth, 1 otherwise.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import time
from pathlib import Path

TOLERANCE = 0.005  # half a percentage point
DENOMINATOR_BANDS = ((0, 9), (10, 19), (20, 49), (50, 99), (100, 499), (500, 10**12))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rebuild_with_people(home, work: Path, people_sql: str, label: str):
    """Copy `home`'s warehouse to `work`, set each record's person_key from `people_sql` (a query
    giving feed, record_key, person_key; records it leaves out keep theirs), rebuild the marts and
    publish with the pipeline's own stages. Returns (Home, seconds, records left unchanged)."""
    import duckdb

    from continuum import pipeline
    from continuum.config import Home

    t0 = time.perf_counter()
    shutil.rmtree(work, ignore_errors=True)
    rebuilt = Home(work).ensure()
    shutil.copy2(home.warehouse, rebuilt.warehouse)
    con = duckdb.connect(str(rebuilt.warehouse))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _people AS {people_sql}")
        con.execute("""UPDATE linkage.person_records AS p SET person_key = t.person_key FROM _people t
                       WHERE p.feed = t.feed AND p.record_key = t.record_key""")
        unchanged = con.execute("""SELECT count(*) FROM linkage.person_records p
                                   ANTI JOIN _people t USING (feed, record_key)""").fetchone()[0]
    finally:
        con.close()
    pipeline.build_marts(rebuilt, label)
    pipeline.publish(rebuilt, label)
    return rebuilt, time.perf_counter() - t0, unchanged


def oracle_rebuild(home, truth_dir: Path, work: Path):
    """Every record's person_key set to its true person, marts and publication rebuilt.
    Returns (oracle Home, seconds, linked records not in the truth)."""
    return rebuild_with_people(home, work, f"""SELECT feed, record_key, 'truth_' || person_id AS person_key
        FROM read_csv('{truth_dir / "record_persons.csv"}', header = true, all_varchar = true)""",
                               "benchmark-oracle")


def rate_cells(expected, warehouse, oracle, published):
    """One row per published (non-withheld) rate cell: truth numerator/denominator and the rate four ways."""
    import pandas as pd

    from continuum.publish.spec import SPECS

    frames = []
    for name, spec in SPECS.items():
        if not spec.rates or name not in published:
            continue
        keys = list(spec.keys)

        def norm(df, suffix, cols):
            out = df[keys + cols].copy()
            for k in keys:
                if k in ("month", "quarter"):
                    out[k] = pd.to_datetime(out[k].astype(str)).dt.strftime("%Y-%m-%d")
                else:
                    out[k] = out[k].astype(str)
            return out.rename(columns={c: f"{c}{suffix}" for c in cols})

        counts = sorted({c for r in spec.rates for c in (r.numerator, r.denominator or r.denominator_at_least)})
        rates = [r.name for r in spec.rates]
        m = norm(expected[name], "_truth", counts + rates)
        m = m.merge(norm(warehouse[name], "_wh", counts + rates), on=keys, how="left")
        if oracle is not None:
            m = m.merge(norm(oracle[name], "_oracle", rates), on=keys, how="left")
        pub = published[name].copy()
        pub["withheld_columns"] = pub["withheld_columns"].fillna("").astype(str)
        m = m.merge(norm(pub, "_pub", rates + ["withheld_columns"]), on=keys, how="left")
        for r in spec.rates:
            if r.denominator:
                den_label, den_truth, den_wh = r.denominator, m[f"{r.denominator}_truth"], m[f"{r.denominator}_wh"]
            else:  # not a published column (substantial progress: people in treatment over the window):
                # numerator / rate, or the published lower bound when the rate is 0
                den_label, low = "numerator / rate", r.denominator_at_least
                den_truth = (m[f"{r.numerator}_truth"] / m[f"{r.name}_truth"].where(m[f"{r.name}_truth"] > 0)
                             ).round().fillna(m[f"{low}_truth"])
                den_wh = (m[f"{r.numerator}_wh"] / m[f"{r.name}_wh"].where(m[f"{r.name}_wh"] > 0)
                          ).round().fillna(m[f"{low}_wh"])
            cell = pd.DataFrame({
                "table": name,
                "key": m[keys].astype(str).agg(" ".join, axis=1),
                "rate": r.name,
                "numerator_truth": m[f"{r.numerator}_truth"], "numerator_warehouse": m[f"{r.numerator}_wh"],
                "denominator": den_label, "denominator_truth": den_truth, "denominator_warehouse": den_wh,
                "truth": m[f"{r.name}_truth"], "warehouse": m[f"{r.name}_wh"],
                "oracle": m[f"{r.name}_oracle"] if oracle is not None else float("nan"),
                "published": m[f"{r.name}_pub"],
                "withheld": m["withheld_columns_pub"].fillna("").str.split(",").apply(lambda w, c=r.name: c in w),
            })
            frames.append(cell)
    cells = pd.concat(frames, ignore_index=True)
    return cells[~cells["withheld"] & cells["published"].notna() & cells["truth"].notna()].drop(columns="withheld")


def attribution(cells, have_oracle: bool) -> str:
    import numpy as np

    cells = cells.copy()
    cells["published_gap_pp"] = (cells["published"] - cells["truth"]).abs() * 100
    cells["linkage_part_pp"] = (cells["warehouse"] - cells["truth"]) * 100
    cells["disclosure_part_pp"] = (cells["published"] - cells["warehouse"]) * 100
    off = cells[cells["published_gap_pp"] > TOLERANCE * 100 + 1e-7].copy()
    if have_oracle:
        oracle_ok = (cells["oracle"] - cells["truth"]).abs() <= 1e-9
        off["cause"] = np.where(oracle_ok.loc[off.index], "linkage", "other (also wrong with oracle linkage)")
    else:
        off["cause"] = np.where((off["warehouse"] - off["truth"]).abs() > 1e-9, "warehouse differs", "disclosure")
    off["person_diff_num"] = off["numerator_warehouse"] - off["numerator_truth"]
    off["person_diff_den"] = off["denominator_warehouse"] - off["denominator_truth"]
    lines = [f"published rate cells (non-withheld): {len(cells)}; more than {TOLERANCE * 100:g} points from "
             f"truth: {len(off)}"]
    if have_oracle:
        wrong_oracle = cells[(cells["oracle"] - cells["truth"]).abs() > 1e-9]
        lines.append(f"  with oracle linkage (true person ids): {len(wrong_oracle)} published rate cells differ "
                     f"from truth at all")
    if len(off):
        lines.append("  by cause: " + ", ".join(f"{k} {v}" for k, v in off["cause"].value_counts().items()))
        lines.append("  by table/rate: " + ", ".join(
            f"{t}.{r} {n}" for (t, r), n in off.groupby(["table", "rate"]).size().items()))
        lines.append(f"  disclosure part (published - exact warehouse), max |pp|: "
                     f"{off['disclosure_part_pp'].abs().max():.3g}")
        one = ((off["person_diff_num"].abs() + off["person_diff_den"].abs()) == 1).sum()
        lines.append(f"  off by exactly one person (numerator or denominator): {one} of {len(off)}")
        lines.append(f"  largest: " + "; ".join(
            f"{r.table} {r.key} {r.rate}: truth {r.numerator_truth:.0f}/{r.denominator_truth:.0f} "
            f"= {r.truth:.4f}, published {r.published:.4f} ({r.numerator_warehouse:.0f}/"
            f"{r.denominator_warehouse:.0f}), {r.published_gap_pp:.2f} pp"
            for r in off.sort_values("published_gap_pp", ascending=False).head(5).itertuples()))
    lines.append("  by truth denominator (published cells: count, off > 0.5 pp, max |gap| pp, mean |gap| pp):")
    for lo, hi in DENOMINATOR_BANDS:
        band = cells[(cells["denominator_truth"] >= lo) & (cells["denominator_truth"] <= hi)]
        if not len(band):
            continue
        gaps = band["published_gap_pp"]
        label = f"{lo}-{hi}" if hi < 10**12 else f">={lo}"
        lines.append(f"    {label:>8}: {len(band):5d} cells, {int((gaps > TOLERANCE * 100 + 1e-7).sum()):4d} off, "
                     f"max {gaps.max():6.2f}, mean {gaps.mean():.3f}")
    return "\n".join(lines), off


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--noise", default="default", choices=["default", "none"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bench-pipeline"))
    parser.add_argument("--no-oracle", action="store_true", help="skip the oracle-linkage attribution rebuild")
    args = parser.parse_args()

    from continuum import pipeline
    from continuum.config import Home
    from continuum.generate import generate
    from continuum.linkage.evaluate import evaluate
    from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    root = args.dir / f"{args.preset}-{args.seed}-{args.noise}"
    shutil.rmtree(root, ignore_errors=True)
    t0 = time.perf_counter()
    generate(root / "world", seed=args.seed, preset=args.preset, noise=args.noise, quiet=True)
    t_gen = time.perf_counter() - t0
    home = Home(root / "home").ensure()
    t0 = time.perf_counter()
    result = pipeline.run_all(root / "world" / "landing", home, "benchmark")
    t_run = time.perf_counter() - t0
    rows = sum(r.rows_delivered for r in result.ingest_reports)
    rss_run = _peak_rss_mb()

    print(f"world: preset {args.preset}, seed {args.seed}, noise {args.noise}; generated in {t_gen:.1f}s; "
          f"output under {root}")
    print(f"pipeline: {rows:,} feed rows in {t_run:.1f}s ({rows / t_run:,.0f} rows/s end to end); "
          f"peak RSS {rss_run:.0f} MB (whole process, generation included)")
    print("  " + ", ".join(f"{t.stage} {t.seconds:.1f}s" for t in result.timings))
    link = result.linkage or {}
    print("  linkage run: " + ", ".join(f"{k} {v}" for k, v in link.items()
                                         if isinstance(v, (int, float, str)) and k != "run_id"))

    truth_dir = root / "world" / "truth"
    quality = evaluate(home.warehouse, truth_dir)
    print("linkage quality: " + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}"
                                          for k, v in quality.items() if not isinstance(v, (dict, list))))
    print("  per feed (linked share predicted / true): " + ", ".join(
        f"{f} {v['linked_share']:.3f}/{v['true_linked_share']:.3f}" for f, v in quality["per_feed"].items()))
    print("  by true ethnic group (people: pair recall / precision, share split / merged): " + ", ".join(
        f"{g} {v['persons']}: {v['pair_recall']:.4f}/{v['pair_precision']:.4f}, "
        f"{v['persons_split_share']:.4f}/{v['persons_merged_share']:.4f}"
        for g, v in quality.get("by_ethnicity", {}).items()))

    expected = expected_tables(truth_dir)
    warehouse = load_warehouse_outcomes(home.warehouse)
    published_tables = load_published(home.published_db)
    exact = compare_tables(expected, warehouse)
    print("\nwarehouse outcomes vs truth (exact):")
    print(exact.summary())
    published = compare_tables(expected, published_tables, rates_only=True, rate_tolerance=TOLERANCE)
    print(f"\npublished rates vs truth (non-withheld cells; tolerance {TOLERANCE * 100:g} percentage points):")
    print(published.summary())

    oracle_tables = None
    if not args.no_oracle:
        oracle_home, t_oracle, unmatched = oracle_rebuild(home, truth_dir, root / "oracle-home")
        oracle_tables = load_warehouse_outcomes(oracle_home.warehouse)
        oracle_exact = compare_tables(expected, oracle_tables)
        oracle_pub = compare_tables(expected, load_published(oracle_home.published_db), rates_only=True,
                                    rate_tolerance=TOLERANCE)
        differing = sum(t.cells_differing for t in oracle_exact.tables.values())
        compared = sum(t.cells_compared for t in oracle_exact.tables.values())
        print(f"\noracle linkage (person_key := true person; marts and publication rebuilt in {t_oracle:.1f}s; "
              f"{unmatched} linked records not in the truth):")
        print(f"  warehouse outcome cells differing from truth: {differing} of {compared}")
        print(f"  published rates within tolerance: {'yes' if oracle_pub.ok else 'NO'}")
        if differing:
            print("\n".join("  " + line for line in oracle_exact.summary().splitlines()))

    print("\nattribution of published rate differences:")
    text, off = attribution(rate_cells(expected, warehouse, oracle_tables, published_tables),
                            oracle_tables is not None)
    print(text)
    if len(off):
        out = root / "published_rate_differences.csv"
        off.to_csv(out, index=False)
        print(f"  every such cell: {out}")
    print(f"\npeak RSS {_peak_rss_mb():.0f} MB (whole benchmark process)")
    return 0 if published.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
