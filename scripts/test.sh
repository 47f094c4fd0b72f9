#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export CONTINUUM_TEST_SCALE="${CONTINUUM_TEST_SCALE:-tiny}"
# Test files run in parallel, one per worker (module fixtures such as a DAG run are built once): most of
# a test's time is Airflow and dbt starting up and waiting, so two workers on two cores nearly halve the
# wall time. CONTINUUM_TEST_WORKERS=0 runs everything in this process (easier to debug).
exec .venv/bin/python -m pytest -q --durations=15 -n "${CONTINUUM_TEST_WORKERS:-auto}" --maxprocesses 4 \
  --dist loadfile --no-loadscope-reorder "$@"
