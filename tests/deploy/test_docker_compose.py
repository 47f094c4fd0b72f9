"""docker-compose cannot run here (no Docker engine), so check what can be checked without one."""
from __future__ import annotations

import re

import yaml

from continuum.config import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"


def _lock_version(package: str) -> str:
    text = (PROJECT_ROOT / "requirements.lock").read_text()
    match = re.search(rf"^{re.escape(package)}==([^\s\\]+)", text, re.M)
    assert match, f"{package} missing from requirements.lock"
    return match.group(1)


def test_compose_parses_and_runs_every_airflow_component():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    for name in ("postgres", "airflow-init", "api-server", "scheduler", "dag-processor", "triggerer"):
        assert name in services, name
    for name in ("api-server", "scheduler", "dag-processor", "triggerer"):
        assert services[name]["command"] == name
        env = services[name]["environment"]
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/continuum/dags"
    assert "continuum_warehouse" in " ".join(services["airflow-init"]["command"])


def test_image_matches_the_lock():
    base = re.search(r"^FROM apache/airflow:([\d.]+)-python([\d.]+)$", DOCKERFILE.read_text(), re.M)
    assert base, "Dockerfile must start from the official apache/airflow image"
    assert base.group(1) == _lock_version("apache-airflow")
    assert base.group(2) == "3.11"
    assert "uv==" + re.search(r'UV_VERSION="([\d.]+)"', (PROJECT_ROOT / "scripts/bootstrap.sh").read_text()).group(1) \
        in DOCKERFILE.read_text()


def test_every_mounted_or_copied_path_exists():
    compose = yaml.safe_load(COMPOSE.read_text())
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and source != "./var":  # var/ is created at run time
                assert (PROJECT_ROOT / source).exists(), source
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                if not source.startswith("--"):
                    assert (PROJECT_ROOT / source).exists(), source
