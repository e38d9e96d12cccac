"""Compliance API."""

from ninja import Router

router = Router(tags=["compliance"])
