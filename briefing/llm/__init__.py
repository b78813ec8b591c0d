"""The narrow client interface the pipeline depends on, and the factory that picks a backend."""

from __future__ import annotations

from briefing.llm.base import Client, Completion, Message

__all__ = ["Client", "Completion", "Message"]
