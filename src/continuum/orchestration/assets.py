"""The assets that chain the DAGs: landing (watched) -> raw -> outcomes -> published."""
from __future__ import annotations

from continuum.orchestration import settings


def landing_asset(feed: str):
    from airflow.sdk import Asset, AssetWatcher

    from continuum.orchestration.triggers import ManifestArrivalTrigger

    directory = settings.landing_dir() / feed
    return Asset(
        name=f"continuum_landing_{feed}",
        uri=f"file://{directory}",
        watchers=[
            AssetWatcher(
                name=f"continuum_manifest_watcher_{feed}",
                trigger=ManifestArrivalTrigger(
                    directory=str(directory),
                    pattern=f"{feed}_*.manifest.json",
                    poke_interval=settings.MANIFEST_POKE_SECONDS,
                    state_file=str(settings.home().work_dir / "manifest-watch" / f"{feed}.json"),
                ),
            )
        ],
    )


def raw_asset(feed: str):
    from airflow.sdk import Asset

    return Asset(name=f"continuum_raw_{feed}", uri=f"continuum://warehouse/raw/{feed}")


def outcomes_asset():
    from airflow.sdk import Asset

    return Asset(name="continuum_outcomes", uri="continuum://warehouse/outcomes")


def published_asset():
    from airflow.sdk import Asset

    return Asset(name="continuum_published", uri="continuum://published/outcomes")
