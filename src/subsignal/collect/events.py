"""Run events: the one emitter every collector reports through.

Events carry a per-run sequence number (the SSE `id:`) and the run's id in
their data. They travel over an anyio memory object stream from the run's
task group to whoever streams them, so no async generator ever yields from
inside a task group. The emitter is the single place a later change can also
store events for replay.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from anyio.abc import ObjectSendStream


@dataclass(frozen=True)
class RunEvent:
    id: int
    event: str
    data: dict[str, Any]


@dataclass
class RunProgress:
    run_id: uuid.UUID
    stream: ObjectSendStream[RunEvent]
    sequence: int = field(default=0)

    async def emit(self, event: str, **data: Any) -> RunEvent:
        self.sequence += 1
        sent = RunEvent(id=self.sequence, event=event, data={"run_id": str(self.run_id), **data})
        await self.stream.send(sent)
        return sent
