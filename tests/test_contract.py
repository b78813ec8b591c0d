"""The JSON contract documents itself and the CLI agrees with the registries: every published
field is described, `briefing schema` prints the schemas, the --format and --backend choices
are the registries' own, and the strategy follows the client's declared capability."""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from console import one_error_line, run_briefing
from pydantic import BaseModel, Field

from briefing.brief.digest import Digest
from briefing.models import Briefing, Draft

# What we publish (`-f json`, `digest -f json`) and what the model is asked to write.
PUBLISHED: list[type[BaseModel]] = [Briefing, Digest, Draft]


def _nested(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: list[Actor], Counts | None, tuple[...], ..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested(arg)]


def models_of(roots: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """The root models and every model their fields reach, each once."""
    seen: list[type[BaseModel]] = []
    stack = list(roots)
    while stack:
        model = stack.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            stack += _nested(field.annotation)
    return seen


def undescribed(roots: list[type[BaseModel]]) -> list[str]:
    """'Model.field' for each field, in the roots or below them, without a description."""
    return [
        f"{model.__name__}.{name}"
        for model in models_of(roots)
        for name, field in model.model_fields.items()
        if not (field.description or "").strip()
    ]


def test_the_walk_reaches_every_published_model() -> None:
    names = {m.__name__ for m in models_of(PUBLISHED)}
    assert names >= {
        "Briefing",
        "Actor",
        "Claim",
        "Disagreement",
        "Side",
        "Event",
        "Source",
        "Provenance",
        "Usage",
        "Digest",
        "Story",
        "StorySource",
        "DigestActor",
        "TimelineEntry",
        "Failure",
        "Changes",
        "StoryUpdate",
        "Totals",
        "Counts",
        "Draft",
        "DraftQuote",
        "DraftActor",
        "DraftClaim",
        "DraftEventPick",
        "DraftDisputePick",
    }


def test_every_published_field_has_a_description() -> None:
    assert undescribed(PUBLISHED) == []


def test_a_field_without_a_description_is_caught() -> None:
    """The check can fail: a model of bare fields, and one nested in a list, are named."""

    class Inner(BaseModel):
        said: str = Field(description="What was said.")
        blank: str = Field(default="", description="  ")

    class Outer(BaseModel):
        bare: int
        inner: list[Inner] | None = Field(default=None, description="Nested.")

    assert undescribed([Outer]) == ["Outer.bare", "Inner.blank"]


# --- briefing schema


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _check_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """An object schema of the model's fields, every $ref resolving, every property described."""
    assert schema["type"] == "object"
    assert schema["title"] == model.__name__
    assert set(schema["properties"]) == set(model.model_fields)
    defs = schema.get("$defs", {})
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in defs, ref
    for node in [schema, *defs.values()]:
        if node.get("type") == "object":
            for name, prop in node["properties"].items():
                assert prop.get("description"), f"{node['title']}.{name}"


@pytest.mark.parametrize(
    ("args", "model"), [((), Briefing), (("briefing",), Briefing), (("digest",), Digest)]
)
def test_schema_prints_the_published_json_schema(
    tmp_path: Path, args: tuple[str, ...], model: type[BaseModel]
) -> None:
    result = run_briefing("schema", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    schema = json.loads(result.stdout)
    _check_schema(schema, model)
    assert schema == json.loads(json.dumps(model.model_json_schema()))


def test_schema_of_an_unknown_document_is_a_usage_error(tmp_path: Path) -> None:
    result = run_briefing("schema", "draft", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_error_line(result) == "Error: schema 'draft': use one of briefing, digest"


# --- the CLI's choices are the registries'


def _choices(command: str, option: str, cwd: Path) -> list[str]:
    """The choices `briefing COMMAND --help` offers for an option ('--format <md|html|...>')."""
    result = run_briefing(command, "--help", cwd=cwd, COLUMNS="200")
    assert result.returncode == 0, result.stderr
    found = re.findall(rf"{option} <([^>]*)>", result.stdout)
    assert len(found) == 1, result.stdout
    return found[0].split("|")


def test_format_choices_are_the_format_registry(tmp_path: Path) -> None:
    from briefing.output.formats import BRIEFING_FORMATS, DIGEST_FORMATS

    assert _choices("generate", "--format", tmp_path) == list(BRIEFING_FORMATS)
    assert _choices("digest", "--format", tmp_path) == list(DIGEST_FORMATS)


@pytest.mark.parametrize("command", ["generate", "digest", "eval"])
def test_backend_choices_are_the_backend_registry(tmp_path: Path, command: str) -> None:
    from briefing.llm.backends import CHOICES

    assert _choices(command, "--backend", tmp_path) == list(CHOICES)


# --- the strategy follows the client's declared capability


def _client(*, compact: bool) -> Any:
    """A client double that declares only what strategy.for_client reads."""
    return types.SimpleNamespace(backend="double", model="double", compact=compact)


@pytest.mark.parametrize(
    ("declared", "forced", "expected"),
    [
        (True, None, "embedded"),
        (False, None, "server"),
        (True, False, "server"),
        (False, True, "embedded"),
        (True, True, "embedded"),
        (False, False, "server"),
    ],
)
def test_strategy_follows_the_client_unless_the_options_force_one(
    declared: bool, forced: bool | None, expected: str
) -> None:
    from briefing.brief.options import Options
    from briefing.brief.strategy import EMBEDDED, SERVER, for_client

    strategy = for_client(_client(compact=declared), Options(compact=forced))
    assert strategy is {"embedded": EMBEDDED, "server": SERVER}[expected]
    assert strategy.name == expected
    assert strategy.compact is (expected == "embedded")
