"""`continuum docs` on a built warehouse: a real `dbt docs generate` into <home>/docs/dbt, and a real
`dbt docs serve` answering on localhost."""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from continuum import docs_command


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="continuum")
    docs_command.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


@pytest.fixture(scope="module")
def generated(built_home) -> tuple[int, str]:
    """`continuum docs --home <home>` once: its exit code and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = docs_command.run(parse(["docs", "--home", str(built_home.root)]))
    return code, printed.getvalue()


def test_docs_generates_the_site_and_prints_where(built_home, generated):
    code, out = generated
    site = built_home.root / "docs" / "dbt"
    assert code == 0, out
    assert f"{site / 'index.html'}\n" in out
    assert (site / "index.html").stat().st_size > 0
    catalog = json.loads((site / "catalog.json").read_text())
    tables = {(n["metadata"]["schema"], n["metadata"]["name"]): n for n in catalog["nodes"].values()}
    funnel = tables[("outcomes", "dtoa_funnel")]
    assert {"la_code", "month", "tests", "immature_columns"} <= set(funnel["columns"])
    assert ("core", "fct_journeys") in tables
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["nodes"]["model.continuum.dtoa_funnel"]["description"]


def test_docs_without_a_warehouse_says_so(tmp_path, capsys):
    code = docs_command.run(parse(["docs", "--home", str(tmp_path / "empty_home")]))
    assert code == 1
    assert "no warehouse" in capsys.readouterr().out
    assert not (tmp_path / "empty_home" / "warehouse.duckdb").exists()  # not created by dbt either


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_docs_serve_answers_on_localhost(built_home, generated):
    port = free_port()
    code = ("from pathlib import Path; from continuum import docs_command; from continuum.config import Home;"
            f"docs_command.serve(Home(Path({str(built_home.root)!r})), {port})")
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as r:
                    page = r.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"docs server never answered: {server.communicate()[0][-3000:]}")
                time.sleep(0.3)
        assert "<html" in page.lower()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/catalog.json", timeout=5) as r:
            assert "dtoa_funnel" in r.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
