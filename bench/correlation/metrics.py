"""Clustering quality against ground truth: pairwise precision/recall/F1 and B-cubed F1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _codes(labels: Sequence) -> np.ndarray:
    return np.unique(np.asarray(labels), return_inverse=True)[1].astype(np.int64)


def scores(truth: Sequence, predicted: Sequence) -> dict[str, float]:
    """Pairwise P/R/F1 (over all pairs of reports) and B-cubed P/R/F1 (per report, averaged)."""
    t, p = _codes(truth), _codes(predicted)
    n = len(t)
    cell = t * (int(p.max()) + 1) + p
    _, joint = np.unique(cell, return_counts=True)
    _, t_sizes = np.unique(t, return_counts=True)
    _, p_sizes = np.unique(p, return_counts=True)

    def pairs(counts: np.ndarray) -> float:
        c = counts.astype(np.float64)
        return float(np.sum(c * (c - 1) / 2))

    both, true_pairs, pred_pairs = pairs(joint), pairs(t_sizes), pairs(p_sizes)
    precision = both / pred_pairs if pred_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    # B-cubed via the contingency table: sum over cells of n_ij^2 / |cluster|.
    cells, inverse_cells = np.unique(cell, return_inverse=True)
    del cells
    joint_of_item = joint[inverse_cells].astype(np.float64)
    b3p = float(np.sum(joint_of_item / p_sizes[p]) / n)
    b3r = float(np.sum(joint_of_item / t_sizes[t]) / n)
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "bcubed_precision": b3p,
        "bcubed_recall": b3r,
        "bcubed_f1": _f1(b3p, b3r),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
