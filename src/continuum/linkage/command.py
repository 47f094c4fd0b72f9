"""`continuum linkage ...`: run, train, evaluate, report.

Kept free of DuckDB/Splink imports at module level: the CLI builds every area's parser on start.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def _home(args):
    from continuum.config import Home

    return Home.from_env(args.home)


def _run(args) -> int:
    from continuum.linkage import link_people

    home = _home(args)
    summary = link_people(home.warehouse, mode="full" if args.full else "incremental", run_id=args.run_id)
    print(json.dumps(summary, indent=2, default=str))
    return 0


def _train(args) -> int:
    import duckdb

    from continuum.config import LINKAGE_MODEL_DIR
    from continuum.linkage import model, prepare, tune, worldio

    model_dir = Path(args.model_dir) if args.model_dir else LINKAGE_MODEL_DIR
    settings = model.load_settings(model_dir)
    con = duckdb.connect()
    if args.truth_world:
        worldio.build_input_from_landing(con, Path(args.truth_world), "linkage_inputs.int_identity_records_unioned")
        source = "linkage_inputs.int_identity_records_unioned"
    else:
        con.execute(f"ATTACH '{_home(args).warehouse}' AS wh (READ_ONLY)")
        source = f"wh.{prepare.INPUT_TABLE}"
    if args.u_max_pairs:
        settings["training"]["u_max_pairs"] = args.u_max_pairs
    n = prepare.create_prepared(con, source, "train_prep")
    trained = model.train(con, "train_prep", settings)
    version = args.version or model.next_version(model_dir)
    meta = {"training_records": n, "trained_at": dt.datetime.now().isoformat(timespec="seconds"),
            "source": str(args.truth_world or "warehouse"), "u_max_pairs": settings["training"]["u_max_pairs"]}
    path = model.save_model(trained, version, meta, model_dir)
    print(f"wrote {path}; set \"model_version\": \"{version}\" in {model_dir / 'settings.json'} to use it")
    if args.truth_world:
        curve = tune.threshold_curve(con, source, Path(args.truth_world),
                                     [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999], trained, settings)
        print("threshold  precision  recall  f1  people/true  max_cluster")
        for r in curve:
            print(f"{r['threshold']:<9}  {r['pair_precision']:.5f}  {r['pair_recall']:.5f}  {r['pair_f1']:.5f}  "
                  f"{r['predicted_people']}/{r['true_persons']}  {r['max_cluster_size']}")
    return 0


def _evaluate(args) -> int:
    from continuum.linkage.evaluate import evaluate

    print(json.dumps(evaluate(_home(args).warehouse, Path(args.truth)), indent=2, default=str))
    return 0


def _report(args) -> int:
    from continuum.linkage.report import write_report

    home = _home(args)
    out = Path(args.out) if args.out else home.root / "linkage_report.html"
    write_report(home.warehouse, out)
    print(out)
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("linkage", help="link records of the four feeds into people (Splink)")
    sub = p.add_subparsers(dest="linkage_action", required=True, metavar="ACTION")

    r = sub.add_parser("run", help="link people in the warehouse (incremental unless --full)")
    r.add_argument("--home", help="Continuum home (default $CONTINUUM_HOME)")
    r.add_argument("--full", action="store_true", help="re-link every record (same partition as incremental)")
    r.add_argument("--run-id")
    r.set_defaults(func=_run)

    t = sub.add_parser("train", help="re-estimate the model (EM + random-sample u) and write linkage/model_vN.json")
    src = t.add_mutually_exclusive_group(required=True)
    src.add_argument("--truth-world", help="a generated world (landing CSVs + truth/): also prints the threshold curve")
    src.add_argument("--home", help="train on the warehouse's linkage input table")
    t.add_argument("--version", help="model version to write (default: next vN)")
    t.add_argument("--model-dir", help="where settings.json and models live (default: linkage/ in the repo)")
    t.add_argument("--u-max-pairs", type=float, help="pairs sampled for u (default from settings: 1e7)")
    t.set_defaults(func=_train)

    e = sub.add_parser("evaluate", help="pairwise precision/recall against a world's truth")
    e.add_argument("--home")
    e.add_argument("--truth", required=True, help="world directory or its truth/ directory")
    e.set_defaults(func=_evaluate)

    rp = sub.add_parser("report", help="HTML page for analysts: model charts, cluster sizes, link rates")
    rp.add_argument("--home")
    rp.add_argument("--out", help="output HTML (default <home>/linkage_report.html)")
    rp.set_defaults(func=_report)
