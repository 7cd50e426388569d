"""Scan on several cores: a :class:`Scanner` that spreads each batch over worker processes.

Each worker builds its own scanner from a picklable factory (spawned processes share
nothing, so this is safe whatever threads the detector's libraries start). Results come
back as plain tuples of type and offsets — never the matched text.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType

from bot.whatsapp.audit import Scanner

ScannerFactory = Callable[..., Scanner]
_Plain = tuple[bool, tuple[tuple[str, int, int], ...]]

_worker_scanner: Scanner | None = None


class ScannerStartError(RuntimeError):
    """A worker could not build its scanner (the message carries no detail on purpose)."""


@dataclass(frozen=True, slots=True)
class PlainFinding:
    """A finding as it comes back from a worker."""

    entity_type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlainResult:
    """A scan result as it comes back from a worker."""

    flagged: bool
    findings: tuple[PlainFinding, ...]


class ParallelScanner:
    """``scan_many`` split over ``jobs`` worker processes, results in input order."""

    def __init__(self, factory: ScannerFactory, args: tuple[object, ...], jobs: int) -> None:
        """Prepare the pool (workers start, and build their scanner, on first use).

        Args:
            factory: a module-level callable returning a scanner; run once per worker.
            args: its arguments (picklable).
            jobs: number of worker processes (at least 2 to be worth it).
        """
        self._jobs = max(1, jobs)
        self._pool = ProcessPoolExecutor(
            max_workers=self._jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(factory, args),
        )

    def scan_many(self, texts: Iterable[str]) -> list[PlainResult]:
        """Scan ``texts``; each worker takes an equal share.

        Raises:
            ScannerStartError: a worker failed to build its scanner.
        """
        batch = list(texts)
        if not batch:
            return []
        size = -(-len(batch) // self._jobs)
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        try:
            parts = list(self._pool.map(_scan_chunk, chunks))
        except (BrokenProcessPool, ScannerStartError):
            raise ScannerStartError("a scanning worker failed to start") from None
        return [_result(plain) for part in parts for plain in part]

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelScanner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _init_worker(factory: ScannerFactory, args: tuple[object, ...]) -> None:
    global _worker_scanner  # one scanner per worker process, set once by the pool
    # Ctrl-C reaches the whole process group: the parent alone handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_scanner = factory(*args)
    except Exception:
        _worker_scanner = None


def _scan_chunk(texts: Sequence[str]) -> list[_Plain]:
    if _worker_scanner is None:
        raise ScannerStartError("scanner not available in this worker")
    out: list[_Plain] = []
    for result in _worker_scanner.scan_many(texts):
        spans = tuple((f.entity_type, f.start, f.end) for f in result.findings)
        out.append((result.flagged, spans))
    return out


def _result(plain: _Plain) -> PlainResult:
    flagged, spans = plain
    return PlainResult(flagged, tuple(PlainFinding(t, s, e) for t, s, e in spans))
