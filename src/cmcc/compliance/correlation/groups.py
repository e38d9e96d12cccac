"""Analysts' decisions as the engine applies them: must-link groups and cannot-link pairs."""

from __future__ import annotations

from .model import Constraints


class Groups:
    """Union-find over must-link pairs; cannot-link pairs are kept between group roots."""

    def __init__(self, constraints: Constraints) -> None:
        self.parent: dict[str, str] = {}
        self.grouped: set[str] = set()  # every report named in a must-link pair
        for a, b in constraints.must_link:
            self.union(a, b)
            self.grouped.update((a, b))
        self.cannot: dict[str, set[str]] = {}
        for a, b in constraints.cannot_link:
            ra, rb = self.find(a), self.find(b)
            if ra == rb:
                raise ValueError(f"constraints conflict: {a} and {b} are both must-link and cannot-link")
            self.cannot.setdefault(ra, set()).add(rb)
            self.cannot.setdefault(rb, set()).add(ra)

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:
            item, self.parent[item] = self.parent[item], root
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
