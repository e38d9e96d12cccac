"""Pausing Python's cycle collector around work that builds millions of objects (no Django here:
the pure engines use it too)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the block; restore it as it was, whatever happens.

    Building a large batch (a file's rows, a million geometries) allocates millions of small objects
    that stay alive until the batch ends and form no reference cycles; the collector would walk them
    again and again as they are allocated. Memory is still freed by reference counting. The pause
    is process-wide: fine for a command or a sync worker, not for a threaded server's long request.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
