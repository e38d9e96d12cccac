"""Movements API."""

from ninja import Router

router = Router(tags=["movements"])
