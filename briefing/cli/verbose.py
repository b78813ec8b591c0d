"""-v/--verbose and --debug: the lower stages' log records (Python `logging`, the `briefing`
logger) shown on stderr. The stages only log; this is the one place that decides what shows."""

from __future__ import annotations

import logging
import sys

LOGGER = "briefing"


class _Line(logging.Formatter):
    """'briefing: message', one line whatever the message quotes (article text, a reply)."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        line = "".join(ch if ch.isprintable() else " " for ch in message)
        head = (
            f"briefing[{record.name.removeprefix('briefing.')}]"
            if record.levelno < 20
            else "briefing"
        )
        text = f"{head}: {line}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def setup(*, verbose: bool, debug: bool) -> bool:
    """Show the log records on stderr (progress and warnings with -v; the evidence, the rules
    and tracebacks as well with --debug); whether they show (a spinner would garble them)."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "briefing_cli", False):
            logger.removeHandler(handler)
    if not (verbose or debug):
        return False
    handler = logging.StreamHandler(sys.stderr)
    handler.briefing_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(_Line())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    return True


def debugging() -> bool:
    """Whether --debug is on (an internal error then shows its traceback)."""
    logger = logging.getLogger(LOGGER)
    shown = any(getattr(h, "briefing_cli", False) for h in logger.handlers)
    return shown and logger.isEnabledFor(logging.DEBUG)
