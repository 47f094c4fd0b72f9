#!/usr/bin/env bash
# The main job on the bundled synthetic world: set up, generate a world, run the real Airflow DAGs
# (ingest x4 -> transform -> publish) with an embedded Airflow, print where the publication is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/continuum demo --dir "${CONTINUUM_DEMO_DIR:-var/demo}" "$@"
