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


class ScriptedClient:
    """Returns the scripted answers in order and records every request."""

    backend = "fake"
    model = "scripted"

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
        # Picked by id from the candidates the evidence offers for this article (D4: Rutte
        # [S5] vs Hegseth [S8]; E1: sentence 3, "ahead of a meeting of NATO defense ministers").
        "disagreements": [
            {
                "id": 4,
                "topic": "Ukraine's seat at the table",
                "position_1": "Ukraine must be closely involved",
                "position_2": "Trump is the best negotiator",
            }
        ],
        "events": [{"id": 1, "what": "NATO defense ministers meet in Brussels"}],
    }
