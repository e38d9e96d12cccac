"""Benchmarks: ``python -m bench [--quick] [NAME ...]`` (``make bench`` / ``make bench-quick``).

Each benchmark is a package ``bench/<name>/`` whose ``run(scale)`` returns
``{"parameters": {...}, "metrics": {...}}``; ``scale`` is 1.0 at full size and 0.1 for ``--quick``.
Every metric that matters is a ratio against a baseline measured in the same run, because the
machine is noisy. Results go to ``bench/results/<name>.json``.
"""
