"""Hold-out check of the correlation engine on independently generated labelled reports.

    python -m bench.correlation.holdout [--reports N] [--seed S] [--dump DIR]

Generates the reports (``generator.py``), runs ``cmcc compliance correlate`` on them through the file
contract, scores the result against the labels (pairwise and B-cubed, ``bench.correlation.metrics``),
breaks recall and precision down by kind of report and by the reason pairs were missed or wrongly
joined, prints examples, and writes ``bench/results/correlation_holdout.json``. ``--dump DIR`` also
keeps the input, the labels (with each report's kinds) and the engine's output for inspection.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.correlation.metrics import scores

from . import breakdown as bd
from .generator import generate

ROOT = Path(__file__).resolve().parents[3]
RESULT = ROOT / "bench" / "results" / "correlation_holdout.json"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("cmcc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cmcc"]


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m bench.correlation.holdout", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--dump", type=Path, help="keep input.jsonl, labels.jsonl and output.jsonl here")
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args(argv)

    records, labels, meta, events = generate(args.reports, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "input.jsonl", Path(tmp) / "output.jsonl"
        _write_jsonl(source, records)
        started = time.perf_counter()
        done = subprocess.run(
            [*_command(), "compliance", "correlate", str(source), "--output", str(target)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - started
        if done.returncode:
            sys.exit(f"correlate failed ({done.returncode}):\n{done.stderr[-4000:]}")
        output = {
            row["id"]: row["incident"] for row in map(json.loads, target.read_text("utf-8").splitlines())
        }
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, args.dump / "input.jsonl")
            shutil.copy(target, args.dump / "output.jsonl")
            _write_jsonl(
                args.dump / "labels.jsonl",
                (
                    {
                        "id": r["id"],
                        "incident": labels[r["id"]],
                        "kinds": sorted(meta[r["id"]].kinds),
                        "true_category": meta[r["id"]].true_category,
                    }
                    for r in records
                ),
            )
            _write_jsonl(
                args.dump / "events.jsonl",
                (
                    {
                        "event": ev.eid,
                        "category": ev.category,
                        "subtype": ev.subtype,
                        "lat": round(ev.lat, 5),
                        "lon": round(ev.lon, 5),
                        "at": ev.at.isoformat(timespec="minutes"),
                        "town": ev.town.key,
                        "reports": ev.size,
                        "relation": ev.relation,
                        "rumour": ev.rumour,
                    }
                    for ev in events.values()
                ),
            )

    missing = [r["id"] for r in records if r["id"] not in output]
    if missing:
        sys.exit(f"{len(missing)} report(s) missing from the output, e.g. {missing[:3]}")
    truth = [labels[r["id"]] for r in records]
    predicted = [output[r["id"]] for r in records]
    metas = [meta[r["id"]] for r in records]
    s = scores(truth, predicted)
    metrics = {
        "pairwise_precision": round(s["precision"], 4),
        "pairwise_recall": round(s["recall"], 4),
        "pairwise_f1": round(s["f1"], 4),
        "bcubed_precision": round(s["bcubed_precision"], 4),
        "bcubed_recall": round(s["bcubed_recall"], 4),
        "bcubed_f1": round(s["bcubed_f1"], 4),
        "reports": len(records),
        "incidents_true": len(set(truth)),
        "incidents_found": len(set(predicted)),
        "seconds": round(seconds, 2),
    }
    kinds = bd.by_kind(truth, predicted, metas)
    split_table, split_examples = bd.splits(records, truth, predicted, metas)
    merge_table, merge_examples = bd.merges(truth, predicted, events)
    result = {
        "generator": "bench.correlation.holdout",
        "seed": args.seed,
        "metrics": metrics,
        "by_kind": kinds,
        "missed_pairs_by_reason": dict(sorted(split_table.items(), key=lambda kv: -kv[1]["missed_pairs"])),
        "false_pairs_by_relation": merge_table,
    }
    _print(result)
    split_examples = {k: split_examples[k] for k in result["missed_pairs_by_reason"]}
    merge_examples = {k: merge_examples[k] for k in merge_table}
    _examples(records, truth, predicted, events, split_examples, merge_examples, args.examples)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULT.relative_to(ROOT)}")
    return result


def _print(result: dict) -> None:
    print(json.dumps(result["metrics"], indent=2))
    print(f"\n{'kind':16} {'reports':>8} {'recall':>7} {'precision':>9} {'missed':>9} {'false':>9}")
    for kind, row in result["by_kind"].items():
        print(
            f"{kind:16} {row['reports']:8d} {row['pairwise_recall'] or 0:7.3f}"
            f" {row['pairwise_precision'] or 0:9.3f}"
            f" {row['missed_pairs']:9d} {row['false_pairs']:9d}"
        )
    print("\nmissed pairs (same event, split) by first matching reason:")
    for name, row in result["missed_pairs_by_reason"].items():
        print(f"  {row['missed_pairs']:9d} of {row['pairs']:9d}  recall {row['recall'] or 0:.3f}  {name}")
    print("\nfalse pairs (different events, merged) by relation:")
    for name, count in list(result["false_pairs_by_relation"].items())[:14]:
        print(f"  {count:9d}  {name}")


def _examples(records, truth, predicted, events, split_examples, merge_examples, n: int) -> None:
    rng = random.Random(9)
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(truth):
        by_event[e].append(i)
    print(f"\n=== {n} example false merges (different events, one incident) ===")
    names = [k for k in merge_examples if merge_examples[k]]
    for k in range(n):
        if not names:
            break
        name = names[k % len(names)]
        ea, eb = rng.choice(merge_examples[name])
        same = [(i, j) for i in by_event[ea] for j in by_event[eb] if predicted[i] == predicted[j]]
        if not same:
            continue
        i, j = rng.choice(same)
        a, b = events[ea], events[eb]
        km = bd.distance_m(a.lat, a.lon, b.lat, b.lon) / 1000
        hours = abs((a.at - b.at).total_seconds()) / 3600
        print(f"\n- {name}  (true events {km:.1f} km, {hours:.1f} h apart; {a.category} / {b.category})")
        print("   ", bd.describe(records[i]))
        print("   ", bd.describe(records[j]))
    print(f"\n=== {n} example false splits (one event, different incidents) ===")
    names = [k for k in split_examples if split_examples[k]]
    for k in range(n):
        if not names:
            break
        name = names[k % len(names)]
        i, j = rng.choice(split_examples[name])
        ev = events[truth[i]]
        print(
            f"\n- {name}  (event {ev.category}/{ev.subtype} at {ev.lat:.4f},{ev.lon:.4f} "
            f"{ev.at.isoformat(timespec='minutes')}, {ev.size} reports)"
        )
        print("   ", bd.describe(records[i]))
        print("   ", bd.describe(records[j]))


if __name__ == "__main__":
    main()
