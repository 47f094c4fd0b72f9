"""Settings and the trained model as data (linkage/settings.json, linkage/model_<version>.json).

Nightly runs load a versioned model and never retrain, so the links published one night are
reproducible from the repository; `train` writes a new version that a person reviews and commits.
"""
from __future__ import annotations

import copy
import json
import logging
import os
import re
import time
from pathlib import Path

from continuum.config import LINKAGE_MODEL_DIR
from continuum.contracts import FEEDS
from continuum.linkage.prepare import SPLINK_COLUMNS

log = logging.getLogger(__name__)


def load_settings(model_dir: Path | None = None) -> dict:
    """settings.json; `CONTINUUM_LINKAGE_MODEL` (e.g. `v3`) picks another committed model, for a
    deployment whose records are shaped differently from the default's training world (a national
    warehouse spread over England's ~300 districts, rather than a partnership's few)."""
    with open((model_dir or LINKAGE_MODEL_DIR) / "settings.json", encoding="utf-8") as f:
        settings = json.load(f)
    if version := os.environ.get("CONTINUUM_LINKAGE_MODEL"):
        settings["model_version"] = version
    return settings


def scoring_threshold(settings: dict) -> float:
    """The lowest match probability any clustering rule uses: Splink keeps pairs from here."""
    threshold = float(settings["threshold_match_probability"])
    sole = settings.get("sole_candidate_threshold_match_probability")
    return threshold if sole is None else min(threshold, float(sole))


def model_path(version: str, model_dir: Path | None = None) -> Path:
    return (model_dir or LINKAGE_MODEL_DIR) / f"model_{version}.json"


def load_model(settings: dict, model_dir: Path | None = None) -> dict:
    path = model_path(settings["model_version"], model_dir)
    if not path.exists():
        raise FileNotFoundError(f"trained linkage model {path} is missing; run `continuum linkage train`")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def meta_path(version: str, model_dir: Path | None = None) -> Path:
    return (model_dir or LINKAGE_MODEL_DIR) / f"model_{version}.meta.json"


def load_meta(version: str, model_dir: Path | None = None) -> dict:
    """Training facts kept beside the model (records trained on, source, date)."""
    with open(meta_path(version, model_dir), encoding="utf-8") as f:
        return json.load(f)


def run_lambda(trained: dict, meta: dict, records: int) -> tuple[float, int]:
    """The prior match probability to use for a warehouse of `records` records, and its bucket.

    lambda (two random records being the same person) falls roughly as 1/number of people, so a
    model trained on one volume is wrong at another. It is rescaled by powers of two of the volume
    ratio (bucket = round(log2(records / training records))): stable from night to night, so
    incremental and full runs score pairs identically; crossing a bucket forces a full run.
    The rescaling is limited to 16x either way.
    """
    import math

    bucket = round(math.log2(max(records, 1) / meta["training_records"]))
    bucket = max(-4, min(4, bucket))  # beyond 16x either way, retrain on data of that size instead
    lam = trained["probability_two_random_records_match"] * 2.0 ** (-bucket)
    return min(lam, 0.5), bucket


AREA_LEVEL_DISTRICT_MISSING = "same local authority (a postcode district missing)"
AREA_LEVEL_DISTRICTS_DIFFER = "same local authority, postcode districts differ"


def postcode_conflict_bits(trained: dict) -> float:
    """Bits a pair loses when a postcode district, missing on one record, is known for that
    record's person and differs: the model's own gap between its "district missing" and "districts
    differ" levels (same local authority). 0 for a model without the split level (v1-v3).

    Used when a treatment record attaches to a person (continuum.linkage.cluster): a custody or
    probation record never carries a postcode, so without this a lookalike's custody record would
    score as if the lookalike might live in the treatment record's district even when the
    lookalike's police records say otherwise.
    """
    import math

    area = next((c for c in trained["comparisons"] if c.get("output_column_name") == "area"), None)
    levels = {lv.get("label_for_charts"): lv for lv in (area or {}).get("comparison_levels", [])}
    try:
        bits = [math.log2(levels[k]["m_probability"] / levels[k]["u_probability"])
                for k in (AREA_LEVEL_DISTRICT_MISSING, AREA_LEVEL_DISTRICTS_DIFFER)]
    except KeyError:
        return 0.0
    return max(0.0, bits[0] - bits[1])


def next_version(model_dir: Path | None = None) -> str:
    found = [int(m.group(1)) for p in (model_dir or LINKAGE_MODEL_DIR).glob("model_v*.json")
             if (m := re.fullmatch(r"model_v(\d+)\.json", p.name))]
    return f"v{max(found, default=0) + 1}"


def register_feeds(db_api, con, prep_table: str, prefix: str) -> list:
    """Register one Splink input per feed (link_and_dedupe; `source_dataset` = feed) from `prep_table`."""
    cols = ", ".join(SPLINK_COLUMNS)
    frames = []
    for feed in FEEDS:
        name = f"{prefix}_{feed}"
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {cols} FROM {prep_table} WHERE feed = '{feed}'")
        frames.append(db_api.register(name, table_name=name, dataset_display_name=feed))
    return frames


def release(linker, con, prefixes: tuple[str, ...]) -> None:
    """Drop what scoring left in memory: Splink's own tables (the concatenated input with term
    frequencies, blocked pairs) and the per-feed copies registered under `prefixes`. A national
    warehouse's clustering needs that memory: with three copies of 9 million records still held,
    the full run hit DuckDB's 14-15 GB limit right after scoring."""
    linker.table_management.delete_tables_created_by_splink_from_db()
    for prefix in prefixes:
        for feed in FEEDS:
            con.execute(f"DROP TABLE IF EXISTS {prefix}_{feed}")


def make_linker(con, prep_table: str, model: dict, prefix: str = "sp"):
    """A Splink Linker over `prep_table` (in `con`) using `model` (settings or a trained model dict)."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    frames = register_feeds(db_api, con, prep_table, prefix)
    return Linker(frames, copy.deepcopy(model), log_level=None), db_api


def train(con, prep_table: str, settings: dict) -> dict:
    """Estimate a model: lambda from a deterministic rule, u by random sampling, m by EM.

    Unsupervised on purpose: in production there is no truth, so the model must be re-estimable
    from a warehouse; truth worlds are only used to measure it and choose the threshold.
    """
    t = settings["training"]
    linker, _ = make_linker(con, prep_table, settings["splink"], prefix="tr")
    linker.training.estimate_probability_two_random_records_match(
        [t["probability_two_random_records_match_rule"]], recall=t["probability_two_random_records_match_recall"])
    t0 = time.time()
    linker.training.estimate_u_using_random_sampling(max_pairs=float(t["u_max_pairs"]), seed=t["seed"])
    log.info("u estimated in %.1f s", time.time() - t0)
    for rule in t["em_blocking_rules"]:
        t0 = time.time()
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
        log.info("EM on %s in %.1f s", rule, time.time() - t0)
    return linker.misc.save_model_to_json()


def save_model(model: dict, version: str, meta: dict, model_dir: Path | None = None) -> Path:
    path = model_path(version, model_dir)
    for p, data in ((path, model), (meta_path(version, model_dir), meta)):
        with open(p, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
    return path
