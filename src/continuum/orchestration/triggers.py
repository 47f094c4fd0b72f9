"""An event trigger that reports feed manifests not yet reported, without deleting them.

Airflow's own file triggers (`FileDeleteTrigger`, `DirectoryFileDeleteTrigger`) delete what they see,
but a manifest is part of the delivery and must stay until its CSV is loaded and audited. This trigger
yields one event per manifest it has not reported before, and records what it reported in
`state_file`, so a manifest that lands while the triggerer is starting or restarting is reported when
it comes up, not left for the nightly run. (Remembering only in memory, and counting what was present
at start-up as seen, missed exactly those deliveries.) With no state file every manifest present at
start-up is reported once. Loading is idempotent, so an event too many costs a short no-op run, never
a double load.
"""
from __future__ import annotations

import asyncio
import fnmatch
import json
import os
from pathlib import Path
from typing import Any, AsyncIterator

from airflow.triggers.base import BaseEventTrigger, TriggerEvent


class ManifestArrivalTrigger(BaseEventTrigger):
    def __init__(self, directory: str, pattern: str = "*.manifest.json", poke_interval: float = 15.0,
                 state_file: str | None = None):
        super().__init__()
        self.directory = directory
        self.pattern = pattern
        self.poke_interval = poke_interval
        self.state_file = state_file

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "continuum.orchestration.triggers.ManifestArrivalTrigger",
            {"directory": self.directory, "pattern": self.pattern, "poke_interval": self.poke_interval,
             "state_file": self.state_file},
        )

    def _manifests(self) -> set[str]:
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return set()
        return {n for n in names if fnmatch.fnmatch(n, self.pattern)}

    def _load_reported(self) -> set[str]:
        if not self.state_file:
            return set()
        try:
            return set(json.loads(Path(self.state_file).read_text())["reported"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return set()  # unreadable state: report again (harmless, loading is idempotent)

    def _save_reported(self, reported: set[str]) -> None:
        if not self.state_file:
            return
        path = Path(self.state_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"directory": self.directory, "reported": sorted(reported)}))
        os.replace(tmp, path)

    def new_manifests(self, reported: set[str]) -> list[str]:
        """Manifests present now and not yet reported, oldest name first."""
        return sorted(self._manifests() - reported)

    async def run(self) -> AsyncIterator[TriggerEvent]:
        reported = self._load_reported()
        while True:
            for name in self.new_manifests(reported):
                self.log.info("New manifest %s in %s", name, self.directory)
                try:
                    yield TriggerEvent({"manifest": os.path.join(self.directory, name)})
                finally:  # the event was handed over, even if the trigger is stopped right after
                    reported.add(name)
                    self._save_reported(reported)
            await asyncio.sleep(self.poke_interval)
