"""The API's OpenAPI document as committed text (``openapi.json`` at the repository root)."""

import json
from pathlib import Path

COMMITTED = Path(__file__).resolve().parents[3] / "openapi.json"


def render() -> str:
    from cmcc.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
