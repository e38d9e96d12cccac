"""Run benchmarks: ``python -m bench [--quick] [NAME ...]``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from .common import print_table, write_result

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.ispkg and m.name != "results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="run at a tenth of full size")
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(available())})"
    )
    args = parser.parse_args(argv)
    names = args.names or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(unknown)}")
    scale = 0.1 if args.quick else 1.0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        result = module.run(scale)
        path = write_result(name, scale=scale, parameters=result["parameters"], metrics=result["metrics"])
        print_table(name, result["metrics"])
        print(f"  -> {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
