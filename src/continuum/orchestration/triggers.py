"""An event trigger that reports newly arrived feed manifests without deleting them.

Airflow's own file triggers (`FileDeleteTrigger`, `DirectoryFileDeleteTrigger`) delete what they see,
but a manifest is part of the delivery and must stay until its CSV is loaded and audited. This trigger
remembers the manifests it has already reported (those present when it started count as reported: the
nightly schedule picks them up) and yields one event per new manifest. Loading is idempotent, so an
event too many costs a short no-op run, never a double load.
"""
from __future__ import annotations

import asyncio
import fnmatch
import os
from typing import Any, AsyncIterator

from airflow.triggers.base import BaseEventTrigger, TriggerEvent


class ManifestArrivalTrigger(BaseEventTrigger):
    def __init__(self, directory: str, pattern: str = "*.manifest.json", poke_interval: float = 15.0):
        super().__init__()
        self.directory = directory
        self.pattern = pattern
        self.poke_interval = poke_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "continuum.orchestration.triggers.ManifestArrivalTrigger",
            {"directory": self.directory, "pattern": self.pattern, "poke_interval": self.poke_interval},
        )

    def _manifests(self) -> set[str]:
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return set()
        return {n for n in names if fnmatch.fnmatch(n, self.pattern)}

    async def run(self) -> AsyncIterator[TriggerEvent]:
        seen = self._manifests()
        while True:
            await asyncio.sleep(self.poke_interval)
            current = self._manifests()
            for name in sorted(current - seen):
                self.log.info("New manifest %s in %s", name, self.directory)
                yield TriggerEvent({"manifest": os.path.join(self.directory, name)})
            seen |= current
