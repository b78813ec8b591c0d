"""A test double for the client interface: scripted answers, no network."""

from __future__ import annotations

import json
from typing import Any

from briefing.llm.base import Completion, Message, TokenCallback
from briefing.models import Usage

# The reference article examples/nato-ukraine.txt (gold: shared/eval/dev/nato-ukraine.gold.json,
# copied here so the tests are self-contained): each quote's content span and its speaker.
GOLD_SPANS = [
    (388, 483),
    (566, 668),
    (680, 830),
    (1201, 1249),
    (1384, 1570),
    (1749, 1807),
    (1955, 2075),
    (2156, 2164),
    (2543, 2699),
]
GOLD_SPEAKERS = [
    "Mark Rutte",
    "Mark Rutte",
    "Mark Rutte",
    "Zelenskyy",
    "Pete Hegseth",
    "John Healey",
    "Ruben Brekelmans",
    "Mark Rutte",
    "Mark Rutte",
]
# Its key actors, as the gold file names them.
KEY_ACTORS = [
    "Mark Rutte",
    "Donald Trump",
    "Vladimir Putin",
    "Zelenskyy",
    "Pete Hegseth",
    "John Healey",
    "Ruben Brekelmans",
]


def minimal(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """The smallest valid instance of a JSON schema: empty arrays (or as many items as minItems
    asks), "x" strings, minimum numbers, the first enum value, the first branch of a union."""
    defs = schema.get("$defs", {}) if defs is None else defs
    if "$ref" in schema:
        return minimal(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            return minimal(schema[union][0], defs)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        props = schema.get("properties", {})
        return {k: minimal(v, defs) for k, v in props.items() if k in schema.get("required", [])}
    if kind == "array":
        return [minimal(schema.get("items", {}), defs) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return "x" * max(1, schema.get("minLength", 1))
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return False
    return None


class SchemaDouble:
    """A compact client that answers any schema with its minimal instance; counts the calls."""

    backend = "evidence-only"
    model = "schema-double"
    compact = True

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        self.calls[schema_name] = self.calls.get(schema_name, 0) + 1
        return Completion(json.dumps(self.answer(schema)), Usage(), "stop")

    def answer(self, schema: dict[str, Any] | None) -> Any:
        """The answer to give: the schema's minimal instance."""
        return minimal(schema) if schema else "x"


class ScriptedClient:
    """Returns the scripted answers in order and records every request."""

    backend = "fake"
    model = "scripted"
    compact = False  # a server model unless the options say otherwise

    def __init__(self, *answers: str | dict[str, Any], speaker: str = "unknown") -> None:
        self.answers = [a if isinstance(a, str) else json.dumps(a) for a in answers]
        self.requests: list[list[Message]] = []
        self.speaker = speaker

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        self.requests.append(messages)
        if schema_name == "speaker":
            return Completion(
                json.dumps({"speaker": self.speaker}), Usage(prompt_tokens=50, completion_tokens=5)
            )
        text = self.answers.pop(0)
        return Completion(text, Usage(prompt_tokens=1000, completion_tokens=200), "stop")


def reference_draft() -> dict[str, Any]:
    """A good answer for examples/nato-ukraine.txt, as a capable model would write it."""
    return {
        "headline": "NATO allies want Ukraine involved in Trump-Putin peace talks",
        "summary": "NATO chief Mark Rutte said Ukraine must be involved in talks about its future. "
        "U.S. Defense Secretary Pete Hegseth praised Trump's outreach to Putin.",
        "actors": [
            {
                "name": "Mark Rutte",
                "kind": "person",
                "role": "NATO Secretary-General",
                "stance": "Ukraine must be involved",
            },
            {"name": "Donald Trump", "kind": "person", "role": "U.S. president", "stance": None},
            {"name": "Vladimir Putin", "kind": "person", "role": None, "stance": None},
            {"name": "Zelenskyy", "kind": "person", "role": "President", "stance": None},
            {
                "name": "Pete Hegseth",
                "kind": "person",
                "role": "U.S. Defense Secretary",
                "stance": "praises Trump",
            },
            {
                "name": "John Healey",
                "kind": "person",
                "role": "British Defence Secretary",
                "stance": None,
            },
            {
                "name": "Ruben Brekelmans",
                "kind": "person",
                "role": "Dutch Defense Minister",
                "stance": None,
            },
        ],
        "quotes": [{"id": i, "speaker": s} for i, s in enumerate(GOLD_SPEAKERS, start=1)],
        "claims": [
            {
                "sentence": 8,
                "speaker": "Pete Hegseth",
                "statement": "Zelenskyy has no chance of restoring pre-2014 borders.",
            }
        ],
        # Picked by id from the candidates the evidence offers for this article (D2: Hegseth
        # [S8] vs Zelenskyy [S9]; E1: sentence 3, "ahead of a meeting of NATO defense ministers").
        "disagreements": [
            {
                "id": 2,
                "topic": "Ukraine's seat at the table",
                "position_1": "Ukraine must be closely involved",
                "position_2": "Trump is the best negotiator",
            }
        ],
        # E2: the meeting (E1 is the peace talks the U.S. president started, told earlier)
        "events": [{"id": 2, "what": "NATO defense ministers meet in Brussels"}],
    }
