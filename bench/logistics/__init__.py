"""Logistics: bulk import of 100,000 consignments with 1,000,000 lines (and their events), and the
throughput picture of 30 days over them, each against a baseline in the same run.

(a) Import: ``cmcc``'s import (parse and validate the CSV, write consignments, lines and events in
    one transaction, an audit entry per consignment) against reading the same file with
    ``csv.reader`` and ``sqlite3.executemany`` of the same rows into bare tables (no constraints,
    no indexes, no audit), one transaction; the baseline's time is the median of three runs.
    Target: within 3× the raw time.
(b) Picture: ``selectors.picture`` for 30 days as a member of another organisation (so the access
    filter runs) against one hand-written SQL aggregation of trucks, pallets and weight per day ×
    crossing × sector × channel over the same table. Targets: within 2× and under one second.

The work runs in a child process against a throwaway SQLite database in a temporary directory,
so it never touches a real data directory and Django is configured for it alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run(scale: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cmcc-bench-logistics-") as tmp:
        env = dict(os.environ)
        env.update({"CMCC_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "cmcc.settings"})
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", "bench.logistics.worker", "--scale", str(scale), "--dir", tmp],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench.logistics.worker failed:\n{done.stderr[-4000:]}")
        sys.stderr.write(done.stderr)
        return json.loads(done.stdout.strip().splitlines()[-1])
