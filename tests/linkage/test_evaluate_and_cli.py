"""Evaluation arithmetic on a hand-checkable case, and the CLI wiring through argparse."""
from __future__ import annotations

import argparse
import csv
import json

import duckdb

from continuum.linkage import command
from continuum.linkage.evaluate import evaluate


def _write(tmp_path, predicted, truth):
    wh = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("CREATE SCHEMA linkage")
    con.execute("CREATE TABLE linkage.person_records (feed VARCHAR, record_key VARCHAR, person_key VARCHAR)")
    con.executemany("INSERT INTO linkage.person_records VALUES (?, ?, ?)", predicted)
    con.close()
    (tmp_path / "truth").mkdir()
    with open(tmp_path / "truth" / "record_persons.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("feed", "record_key", "person_id"))
        w.writerows(truth)
    return wh


def test_pairwise_and_cluster_measures(tmp_path):
    truth = [("police", "1", "A"), ("custody", "2", "A"), ("treatment", "3", "A"),
             ("police", "4", "B"), ("probation", "5", "B"), ("police", "6", "C")]
    # A is split (3 apart), B and C are merged: true pairs 3 + 1 = 4; predicted pairs 1 + 3 = 4;
    # correct pairs: (1,2) and (4,5) = 2.
    predicted = [("police", "1", "k1"), ("custody", "2", "k1"), ("treatment", "3", "k2"),
                 ("police", "4", "k3"), ("probation", "5", "k3"), ("police", "6", "k3")]
    r = evaluate(_write(tmp_path, predicted, truth), tmp_path)
    assert (r["true_pairs"], r["predicted_pairs"], r["true_positive_pairs"]) == (4, 4, 2)
    assert r["pair_precision"] == 0.5 and r["pair_recall"] == 0.5
    assert r["persons_split"] == 1 and r["clusters_merging_persons"] == 1
    assert r["persons_exactly_one_cluster"] == 0.0  # A split; B and C share a cluster
    assert r["per_feed"]["treatment"] == {"linked_share": 0.0, "true_linked_share": 1.0}
    assert "by_ethnicity" not in r  # no persons.csv beside the truth


def test_linkage_error_by_ethnic_group(tmp_path):
    """The same case with the true people's ethnic groups: A (white) is split, B (black) and C
    (asian) are merged. Hand-computed: white 3 true pairs, 1 right, predicted pairs 1 (the split-off
    record has none); black 1 true pair, 1 right, predicted 1 + half of the 2 pairs with C's record
    = 2; asian no true pair, predicted half of 2 = 1, none right."""
    truth = [("police", "1", "A"), ("custody", "2", "A"), ("treatment", "3", "A"),
             ("police", "4", "B"), ("probation", "5", "B"), ("police", "6", "C")]
    predicted = [("police", "1", "k1"), ("custody", "2", "k1"), ("treatment", "3", "k2"),
                 ("police", "4", "k3"), ("probation", "5", "k3"), ("police", "6", "k3")]
    wh = _write(tmp_path, predicted, truth)
    with open(tmp_path / "truth" / "persons.csv", "w", newline="") as f:
        f.write("person_id,ethnicity\nA,white\nB,black\nC,asian\n")
    r = evaluate(wh, tmp_path)["by_ethnicity"]
    assert r["white"] == {"persons": 1, "pair_recall": round(1 / 3, 5), "pair_precision": 1.0,
                          "persons_split_share": 1.0, "persons_merged_share": 0.0}
    assert r["black"] == {"persons": 1, "pair_recall": 1.0, "pair_precision": 0.5,
                          "persons_split_share": 0.0, "persons_merged_share": 1.0}
    assert r["asian"] == {"persons": 1, "pair_recall": 1.0, "pair_precision": 0.0,
                          "persons_split_share": 0.0, "persons_merged_share": 1.0}


def test_cli_run_and_evaluate(tmp_path, small_world, capsys):
    from continuum.linkage.synthetic import write_truth_csv, write_warehouse

    rows, truth = small_world
    write_warehouse(tmp_path / "warehouse.duckdb", rows[:300])
    write_truth_csv(tmp_path / "world" / "truth" / "record_persons.csv", truth)
    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers(dest="command"))

    args = parser.parse_args(["linkage", "run", "--home", str(tmp_path), "--full", "--run-id", "cli-1"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["run_id"] == "cli-1"

    args = parser.parse_args(["linkage", "evaluate", "--home", str(tmp_path), "--truth", str(tmp_path / "world")])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records_scored"] == 300 and out["truth_records_not_linked"] == len(truth) - 300

    args = parser.parse_args(["linkage", "report", "--home", str(tmp_path)])
    assert args.func(args) == 0
    page = (tmp_path / "linkage_report.html").read_text()
    assert "Link rates by feed" in page and "vega" in page
