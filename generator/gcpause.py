"""Pause CPython's cyclic garbage collector while a stage builds many small objects.

Loading a large fact sheet makes hundreds of thousands of nodes, records and
strings, none of them in reference cycles. The generational collector still
rescans every survivor each time allocations pass its threshold, and at 10,000
facts that rescanning costs more than the work itself. Reference counting frees
everything these stages drop, so the collector is paused for their duration and
restored afterwards (a nested pause leaves it to the outermost one).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
