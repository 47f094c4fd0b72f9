#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export CONTINUUM_TEST_SCALE="${CONTINUUM_TEST_SCALE:-tiny}"
exec .venv/bin/python -m pytest -q --durations=15 "$@"
