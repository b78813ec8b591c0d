"""Ops: what keeps repeated runs cheap and safe: the briefing cache (`cache`), the cost ledger
and metered client (`costs`), run locks and once-a-day records (`runlock`), and editions with
their per-edition state (`editions`).

Stage 5; used by the application layer, never by ingest, evidence or brief.
"""

__all__ = ["cache", "costs", "editions", "runlock"]
