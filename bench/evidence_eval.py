"""The evidence rules alone, measured on a gold folder in seconds instead of minutes.

On the embedded default (compact mode) quotes, speakers, actors and reported claims come from the
text's evidence (briefing/grounding.py, briefing/attribution.py); the model only writes the prose
(headline, summary, events, disagreements). This script runs `briefing eval`'s measures with a
client double that answers every request with the smallest instance of the JSON schema it is
given, and with compact=True, so the attribution figures are exactly those of the embedded
default, without loading the model.

Usage: python bench/evidence_eval.py [FOLDER] [--only NAME] [--json] [--misses] [--out DIR]
(FOLDER defaults to ../shared/eval/dev; --misses lists each gold quote not covered, with the text
around it.)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import evaluate as ev  # noqa: E402
from briefing.llm.base import Completion, Message, TokenCallback  # noqa: E402
from briefing.models import Usage  # noqa: E402
from briefing.pipeline import Options  # noqa: E402


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
        answer = minimal(schema) if schema else "x"
        return Completion(json.dumps(answer), Usage(), "stop")


def _context(text: str, span: list[int], width: int = 160) -> str:
    a, z = span
    before = text[max(0, a - width) : a].replace("\n", " \u00b6 ")
    after = text[z : z + 80].replace("\n", " \u00b6 ")
    return f"...{before}[[{text[a:z][:100]}]]{after}..."


def main() -> None:
    """Run the measures and print them (and the misses, if asked)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared/eval/dev")
    parser.add_argument("--only")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--misses", action="store_true", help="list the gold quotes not covered")
    parser.add_argument("--out", type=Path, help="keep the briefings here")
    args = parser.parse_args()
    client = SchemaDouble()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        scores = ev.run(
            args.folder, client=client, out=out, options=Options(compact=True), only=args.only
        )
    if args.json:
        print(json.dumps(ev.report(scores), indent=2))
    else:
        print(ev.format_lines(scores), end="")
        print(f"calls to the double: {client.calls}")
    if args.misses:
        for s in scores:
            gold = json.loads((args.folder / f"{s.name}.gold.json").read_text(encoding="utf-8"))
            text = (args.folder / gold.get("text_file", f"{s.name}.txt")).read_text("utf-8")
            for miss in s.missed:
                print(f"\n{s.name[:30]} | {miss['source']}\n  {_context(text, miss['span'])}")


if __name__ == "__main__":
    main()
