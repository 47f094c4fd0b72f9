"""The manifest watcher's trigger, run as the triggerer runs it (its async generator): a delivery that
is already there when the trigger starts is reported (it used to be taken as seen, so a delivery landing
while the triggerer started waited for the nightly run), each manifest is reported once, and what was
reported survives a restart."""
from __future__ import annotations

import asyncio

from continuum.orchestration.triggers import ManifestArrivalTrigger


def _events(trigger: ManifestArrivalTrigger, count: int, during=None, timeout: float = 10) -> list[str]:
    """The manifests of the first `count` events; `during()` runs after the first poll."""

    async def collect():
        out, runner = [], trigger.run()
        try:
            while len(out) < count:
                event = await asyncio.wait_for(runner.__anext__(), timeout)
                out.append(event.payload["manifest"].rsplit("/", 1)[-1])
                if during and len(out) == 1:
                    during()
        finally:
            await runner.aclose()
        return out

    return asyncio.run(collect())


def _deliver(directory, name):
    (directory / name.replace(".manifest.json", ".csv")).write_text("x\n")
    (directory / name).write_text("{}")


def test_present_new_and_restarted(tmp_path):
    landing, state = tmp_path / "police", tmp_path / "state" / "police.json"
    landing.mkdir()
    _deliver(landing, "police_20250101.manifest.json")
    make = lambda: ManifestArrivalTrigger(str(landing), "police_*.manifest.json", 0.05, str(state))  # noqa: E731

    # present at start-up: reported; a later arrival: reported next; the CSV is never an event
    got = _events(make(), 2, during=lambda: _deliver(landing, "police_20250102.manifest.json"))
    assert got == ["police_20250101.manifest.json", "police_20250102.manifest.json"]
    assert (landing / "police_20250101.manifest.json").exists()  # nothing deleted

    # a restart reports only what arrived since
    _deliver(landing, "police_20250103.manifest.json")
    assert _events(make(), 1) == ["police_20250103.manifest.json"]


def test_without_state_file_everything_present_is_reported_once_per_run(tmp_path):
    _deliver(tmp_path, "custody_20250101.manifest.json")
    _deliver(tmp_path, "custody_20250102.manifest.json")
    trigger = ManifestArrivalTrigger(str(tmp_path), "custody_*.manifest.json", 0.05)
    assert _events(trigger, 2) == ["custody_20250101.manifest.json", "custody_20250102.manifest.json"]
    assert trigger.serialize()[1]["state_file"] is None
