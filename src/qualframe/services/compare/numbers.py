"""Numbers of comparison results as plain values: undefined ones as None.

Shares, percentages, similarities and test statistics are NaN where they
are undefined (an empty group, two codes without codings) and a statistic
may be infinite; the typed rows the comparisons hand out say None instead,
which every consumer (the JSON API included) can hold.
"""

from __future__ import annotations

import math
from typing import Any


def finite_or_none(value: Any) -> float | None:
    """``value`` as a float; None for None, NaN or an infinite value."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
