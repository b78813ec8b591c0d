"""Application: one path that briefs an article (cache, cost ledger, client, strategy) used by
`generate`, `digest` and `eval` alike (`runner.brief`); the digest run (`digest_run`) and its
worker processes for large digests (`workers`), email delivery once a day (`deliver`) and the
evaluation command (`evaluate`, `eval_analysis`); the Python API (`api`: `briefing.brief`,
`briefing.digest`).

Stage 6; takes settings from the CLI and returns results; only the CLI prints.
"""

__all__ = ["api", "deliver", "digest_run", "eval_analysis", "evaluate", "runner", "workers"]
