"""Write the gate's suites into the committed GX project: `python -m continuum.quality.build_suites`.

Why a generator: suites are reviewed like code, but their codes and columns come from
`continuum.contracts`; regenerating after a contract change (and the test that compares the committed
files with this output) keeps them from drifting. `--check` exits 1 when the committed files are stale.

Layout (GX file mode, `gx.get_context(mode="file", project_root_dir=EXPECTATIONS_DIR)`):
`expectations/gx/great_expectations.yml` and `expectations/gx/expectations/<suite name>.json`.
Suite files carry no GX ids, so the output is deterministic.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from continuum.config import EXPECTATIONS_DIR
from continuum.quality.suites import all_suites


def suites_dir(project_root: Path = EXPECTATIONS_DIR) -> Path:
    return Path(project_root) / "gx" / "expectations"


def render(suite: dict) -> str:
    return json.dumps(suite, indent=2, sort_keys=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name -> content, as the generator would write them."""
    return {f"{name}.json": render(suite) for name, suite in all_suites().items()}


def stale_files(project_root: Path = EXPECTATIONS_DIR) -> list[str]:
    """Generated suite files that are missing or differ, plus committed suite files nobody generates."""
    directory = suites_dir(project_root)
    expected = expected_files()
    stale = [n for n, text in expected.items()
             if not (directory / n).exists() or (directory / n).read_text() != text]
    if directory.exists():
        stale += sorted(p.name for p in directory.glob("*.json") if p.name not in expected)
    return stale


def ensure_project(project_root: Path = EXPECTATIONS_DIR) -> None:
    """Create the GX file-mode scaffold (great_expectations.yml, gx/.gitignore) if it is missing."""
    if (Path(project_root) / "gx" / "great_expectations.yml").exists():
        return
    import great_expectations as gx

    gx.get_context(mode="file", project_root_dir=str(project_root))


def write(project_root: Path = EXPECTATIONS_DIR) -> list[Path]:
    ensure_project(project_root)
    directory = suites_dir(project_root)
    directory.mkdir(parents=True, exist_ok=True)
    expected = expected_files()
    for path in directory.glob("*.json"):
        if path.name not in expected:
            path.unlink()
    written = []
    for name, text in expected.items():
        path = directory / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale suite files (exit 1)")
    parser.add_argument("--project-root", type=Path, default=EXPECTATIONS_DIR)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.project_root)
        for name in stale:
            print(f"stale: {name}")
        return 1 if stale else 0
    for path in write(args.project_root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
