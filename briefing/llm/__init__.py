"""The narrow client interface the pipeline depends on, and the factory that picks a backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.llm.base import Client, Completion, Message

__all__ = ["Client", "Completion", "Message"]


def __getattr__(name: str) -> Any:
    """The interface's names, imported when first asked for: `briefing --help` reads the
    backend registry (briefing.llm.backends), which must not bring pydantic with it."""
    if name in __all__:
        from briefing.llm import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
