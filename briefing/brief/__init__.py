"""Brief: article + evidence + model -> a checked `Briefing`; many briefings -> a `Digest`.

Stage 3; takes an `Article`, the evidence stage's `Analysis` and a `llm.Client`; asks the model
narrow questions (prompts in `prompts`), validates and re-asks (`pipeline.generate`), builds the
sections from candidates chosen by id (`sections`), and merges briefings into a digest (`digest`).
"""

__all__ = ["digest", "pipeline", "prompts", "sections"]
