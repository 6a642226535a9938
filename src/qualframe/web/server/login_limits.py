"""Login attempts counted per client address, in memory.

The accounts service locks an account after repeated failures; this
limits how fast one address may try logins at all (across accounts, so
that guessing many logins' passwords is slow too). The count lives in the
server process: a restart forgets it, which is fine for a brake.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

#: Login attempts one address may make in :data:`WINDOW_SECONDS`.
ATTEMPTS_PER_WINDOW = 10
#: The sliding window the attempts are counted in, in seconds.
WINDOW_SECONDS = 60.0
#: Addresses remembered at most (the oldest are forgotten first).
MAX_ADDRESSES = 10_000


class LoginLimiter:
    """Counts login attempts per address over a sliding window (thread-safe)."""

    def __init__(
        self,
        attempts: int = ATTEMPTS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window = window
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, address: str) -> int | None:
        """Count an attempt from ``address``: None when it may go ahead, else
        the seconds to wait (the attempt is then not counted)."""
        now = self._clock()
        with self._lock:
            times = self._seen.pop(address, None) or deque()
            while times and times[0] <= now - self.window:
                times.popleft()
            self._seen[address] = times  # re-inserted: the most recent last
            if len(times) >= self.attempts:
                return max(1, math.ceil(times[0] + self.window - now))
            times.append(now)
            if len(self._seen) > MAX_ADDRESSES:
                del self._seen[next(iter(self._seen))]
            return None
