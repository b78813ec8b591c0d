"""One error hierarchy; each error says what the user can do next and carries its exit code."""

from __future__ import annotations

import errno

# Exit codes, documented in README.md ("Exit codes").
EXIT_OK = 0
EXIT_USAGE = 2  # bad flags or unusable input (empty, binary, directory, ...)
EXIT_CONFIG = 3  # missing key, missing model, bad configuration
EXIT_UNAVAILABLE = 4  # server refused us for good (401/403/400), model could not answer validly
EXIT_TEMPORARY = 5  # transient failure that persisted after retries (timeouts, 5xx, 429)
EXIT_PARTIAL = 7  # a digest went out, but some of its sources (feeds, pages, files) failed
EXIT_INTERNAL = 70  # a bug: please report it
EXIT_IO = 74  # EX_IOERR: a file or stream could not be read or written (disk full, permissions)
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the same output or recipients


class BriefingError(Exception):
    """Base error: a message a user can act on, and the exit code the CLI uses."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(BriefingError):
    """The input or the flags cannot be used as given."""

    exit_code = EXIT_USAGE


class InputError(UsageError):
    """The article could not be read as text."""


class ConfigError(BriefingError):
    """Something must be installed or configured first."""

    exit_code = EXIT_CONFIG


class UnavailableError(BriefingError):
    """The backend refused the request or never produced a valid answer."""

    exit_code = EXIT_UNAVAILABLE


class TemporaryError(BriefingError):
    """A transient failure that outlasted the retries; running again later may succeed."""

    exit_code = EXIT_TEMPORARY


class IOFailure(BriefingError):
    """The system refused to read or write a file or stream (disk full, no permission)."""

    exit_code = EXIT_IO


_ADVICE = {
    errno.ENOSPC: "free some disk space or write elsewhere",
    errno.EDQUOT: "free some space in your quota or write elsewhere",
    errno.EFBIG: "the file is larger than this system allows; write elsewhere",
    errno.EACCES: "check the permissions or write elsewhere",
    errno.EPERM: "check the permissions or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
}


def io_failure(where: object, exc: OSError, doing: str = "write") -> IOFailure:
    """An OSError as one line naming the file or stream and what the user can do."""
    advice = _ADVICE.get(exc.errno or 0)
    reason = exc.strerror or type(exc).__name__
    return IOFailure(f"{where}: cannot {doing} ({reason})" + (f"; {advice}" if advice else ""))


def describe_bug(exc: BaseException) -> str:
    """A bug in one line: the exception's type, its message and where it was raised."""
    import traceback

    name = type(exc).__name__
    message = str(exc)
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    where = ""
    if frames:
        last = frames[-1]
        parts = last.filename.replace("\\", "/").split("/")
        # From the package down ('briefing/brief/pipeline.py', 'openai/_client.py'), not the
        # installation's folders.
        roots = [i for i, p in enumerate(parts) if p == "briefing"]
        roots += [i + 1 for i, p in enumerate(parts) if p == "site-packages"]
        start = max(roots, default=len(parts) - 1)
        where = f" at {'/'.join(parts[start:])}:{last.lineno} in {last.name}"
    return f"{name}: {message}{where}" if message else f"{name}{where}"


class LockedError(BriefingError):
    """Another run is delivering to the same file or recipients; this one exits at once."""

    exit_code = EXIT_LOCKED


class ValidationFailed(UnavailableError):
    """The model's answer stayed invalid after every allowed attempt."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int,
        last_output: str,
        prompt_tokens: int,
        completion_tokens: int,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_output = last_output
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


class ContextOverflow(UnavailableError):
    """The prompt does not fit the model's context window."""

    def __init__(self, message: str, *, needed: int, limit: int) -> None:
        super().__init__(message)
        self.needed = needed  # prompt tokens plus the answer's budget
        self.limit = limit  # the context window
