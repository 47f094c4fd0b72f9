"""Settings and the trained model as data (linkage/settings.json, linkage/model_<version>.json).

Nightly runs load a versioned model and never retrain, so the links published one night are
reproducible from the repository; `train` writes a new version that a person reviews and commits.
"""
from __future__ import annotations

import copy
import json
import logging
import re
from pathlib import Path

from continuum.config import LINKAGE_MODEL_DIR
from continuum.linkage.prepare import SPLINK_COLUMNS

log = logging.getLogger(__name__)


def load_settings(model_dir: Path | None = None) -> dict:
    with open((model_dir or LINKAGE_MODEL_DIR) / "settings.json", encoding="utf-8") as f:
        return json.load(f)


def model_path(version: str, model_dir: Path | None = None) -> Path:
    return (model_dir or LINKAGE_MODEL_DIR) / f"model_{version}.json"


def load_model(settings: dict, model_dir: Path | None = None) -> dict:
    path = model_path(settings["model_version"], model_dir)
    if not path.exists():
        raise FileNotFoundError(f"trained linkage model {path} is missing; run `continuum linkage train`")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def next_version(model_dir: Path | None = None) -> str:
    found = [int(m.group(1)) for p in (model_dir or LINKAGE_MODEL_DIR).glob("model_v*.json")
             if (m := re.fullmatch(r"model_v(\d+)\.json", p.name))]
    return f"v{max(found, default=0) + 1}"


def register_feeds(db_api, con, prep_table: str, prefix: str) -> list:
    """Register one Splink input per feed (link_and_dedupe; `source_dataset` = feed) from `prep_table`."""
    cols = ", ".join(SPLINK_COLUMNS)
    frames = []
    for feed in ("police", "custody", "treatment", "probation"):
        name = f"{prefix}_{feed}"
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {cols} FROM {prep_table} WHERE feed = '{feed}'")
        frames.append(db_api.register(name, table_name=name, dataset_display_name=feed))
    return frames


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
    from splink import block_on  # noqa: F401  (import check: splink present)

    t = settings["training"]
    linker, _ = make_linker(con, prep_table, settings["splink"], prefix="tr")
    linker.training.estimate_probability_two_random_records_match(
        [t["probability_two_random_records_match_rule"]], recall=t["probability_two_random_records_match_recall"])
    linker.training.estimate_u_using_random_sampling(max_pairs=float(t["u_max_pairs"]), seed=t["seed"])
    for rule in t["em_blocking_rules"]:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return linker.misc.save_model_to_json()


def save_model(model: dict, version: str, model_dir: Path | None = None) -> Path:
    path = model_path(version, model_dir)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2)
        f.write("\n")
    return path
