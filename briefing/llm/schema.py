"""JSON schemas for constrained decoding, derived from the Pydantic contract."""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import BaseModel


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A self-contained schema: refs inlined, every property required, no extra properties.

    Built once per model (10 ms each time otherwise); callers get their own copy to edit."""
    return copy.deepcopy(_strict(model))


@functools.cache
def _strict(model: type[BaseModel]) -> dict[str, Any]:
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(copy.deepcopy(defs[node["$ref"].split("/")[-1]]))
            out = {k: walk(v) for k, v in node.items() if k not in {"title", "default"}}
            if out.get("type") == "object":
                out["additionalProperties"] = False
                out["required"] = list(out.get("properties", {}))
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result: dict[str, Any] = walk(raw)
    return result
