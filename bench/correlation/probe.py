"""``python -m bench.correlation.probe IN.jsonl OUT.jsonl``: correlate through the file contract in a
fresh process and print its timing and peak resident memory as one JSON line. Batches this large
run on two worker processes; their CPU time is counted, and their memory is added as an upper bound."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from cmcc.compliance.correlation import engine, jsonl


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    spent = {"seconds": 0.0}
    original = engine.correlate

    def timed_correlate(*args, **kwargs):
        start, cpu = time.perf_counter(), _cpu()
        try:
            return original(*args, **kwargs)
        finally:
            spent["seconds"] = time.perf_counter() - start
            spent["cpu_seconds"] = _cpu() - cpu  # this process and its worker processes

    jsonl.correlate = timed_correlate  # type: ignore[assignment]
    start = time.perf_counter()
    jsonl.run(source, target)
    total = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
    workers = min(2, os.cpu_count() or 1) if child else 0
    # Upper bound: forked workers share most pages with this process, so the true peak is lower.
    peak = own + workers * child
    print(json.dumps({**spent, "seconds_total": total, "peak_rss_mib": peak, "peak_rss_mib_main": own}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
