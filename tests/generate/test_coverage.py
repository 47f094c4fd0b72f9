"""Every code the contract allows appears in a tiny world, in every feed column that carries it."""
from __future__ import annotations

import pytest

from continuum.contracts import CONTRACTS
from continuum.generate import generate
from continuum.generate.validate import read_csv


@pytest.mark.parametrize("seed,noise", [(7, "none"), (11, "default"), (31, "default")])
def test_every_code_appears(tmp_path, seed, noise):
    generate(tmp_path, seed=seed, noise=noise, expected=False)
    missing = []
    for feed, contract in CONTRACTS.items():
        seen: dict[str, set] = {}
        for path in (tmp_path / "landing" / feed).glob("*.csv"):
            _, rows = read_csv(path)
            for row in rows:
                for col in contract.columns:
                    if col.codes:
                        seen.setdefault(col.name, set()).add(row.get(col.name))
        for col in contract.columns:
            if col.codes:
                missing += [(feed, col.name, c) for c in col.codes if c not in seen.get(col.name, set())]
    assert missing == []


def test_areas_include_an_unreferenced_well_formed_code(tmp_path):
    generate(tmp_path, seed=7, noise="none", expected=False)
    _, rows = read_csv(tmp_path / "truth" / "persons.csv")
    codes = {r["home_la_code"] for r in rows}
    assert {"E09000012", "E09000030", "E09000025", "E08000033", "E06000999"} <= codes
