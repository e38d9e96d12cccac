"""``python -m bench.correlation.probe IN.jsonl OUT.jsonl``: correlate through the file contract in a
fresh process and print its timing and peak resident memory as one JSON line."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from cmcc.compliance.correlation import engine, jsonl


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    spent = {"seconds": 0.0}
    original = engine.correlate

    def timed_correlate(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent["seconds"] = time.perf_counter() - start
            spent["cpu_seconds"] = time.process_time() - cpu

    jsonl.correlate = timed_correlate  # type: ignore[assignment]
    start = time.perf_counter()
    jsonl.run(source, target)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**spent, "seconds_total": total, "peak_rss_mib": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
