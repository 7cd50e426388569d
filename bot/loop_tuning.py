"""Keeping the event loop answering Teams quickly while background work uses threads."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor


def favour_the_loop() -> None:
    """Keep the event loop answering quickly while background turns use threads.

    The services run database calls and scans in threads; Python gives a thread that
    wants the GIL a turn only every switch interval (5 ms by default), so under load
    each HTTP answer could wait several intervals. A shorter interval and a small pool
    keep the loop's waits short; throughput of the background work is unchanged.
    """
    sys.setswitchinterval(0.0005)
    # The detector's models are millions of long-lived objects; a full garbage collection
    # walking them stalls every thread for about 100 ms. Freezing what exists after
    # start-up keeps them out of collections (new objects are collected as usual).
    gc.collect()
    gc.freeze()
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(2, thread_name_prefix="io", initializer=background_priority)
    loop.set_default_executor(pool)


def background_priority() -> None:
    """Run this worker thread at a lower CPU priority than the event loop (Linux).

    Under load the operating system then gives the core to the thread that answers
    Teams first; the background work still gets every idle moment.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
