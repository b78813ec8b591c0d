"""The backend registry: every backend `briefing` can use, declared once.

Adding a backend is one `Backend` entry here plus a module with
`build(settings, *, stage, progress) -> Client`; the CLI's `--backend` choices, the config
file's `backend` key, editions, the digest's concurrency and the strategy read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.errors import ConfigError


@dataclass(frozen=True)
class Backend:
    """One backend and the capabilities the rest of the program reads from it."""

    name: str
    help: str
    module: str  # under briefing.llm; defines build(settings, *, stage, progress) -> Client
    compact: bool  # a small model: the embedded strategy (picks by id, evidence does the rest)
    concurrent: bool  # serves several requests at once (digest --jobs); False: one at a time
    default_model: str | None  # None: the backend names its own model
    needs_server: bool  # needs an API key or a base URL


BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend(
            name="openai",
            help="any OpenAI-compatible server (OPENAI_API_KEY or --base-url)",
            module="openai_backend",
            compact=False,
            concurrent=True,
            default_model="gpt-4o-mini",
            needs_server=True,
        ),
        Backend(
            name="local",
            help="the embedded model, offline (llama.cpp on this CPU)",
            module="local",
            compact=True,
            concurrent=False,  # one llama.cpp context answers one request at a time
            default_model=None,
            needs_server=False,
        ),
    )
}
AUTO = "auto"  # a server when a key or base URL is set, else the embedded model
CHOICES = (AUTO, *BACKENDS)


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run. The API key is kept out of repr."""

    backend: str
    model: str | None
    base_url: str | None
    timeout: float
    api_key: str | None = None

    @property
    def spec(self) -> Backend:
        """The registry entry of this run's backend."""
        return BACKENDS[self.backend]

    def __repr__(self) -> str:
        key = "set" if self.api_key else "unset"
        return (
            f"Settings(backend={self.backend!r}, model={self.model!r}, "
            f"base_url={self.base_url!r}, timeout={self.timeout}, api_key={key})"
        )


def resolve(
    *,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
) -> Settings:
    """Resolve the backend and its settings (flag > environment > config file > default);
    auto picks a server when a key or base URL is set."""
    # Here, not at the top: the CLI reads this registry for --help, which needs no config file.
    from briefing.config import file_values, setting

    file = file_values()
    base_url = setting(base_url, "OPENAI_BASE_URL", "base_url", table=file)
    api_key = setting(None, "OPENAI_API_KEY", "api_key", table=file)
    backend = setting(backend, "BRIEFING_BACKEND", "backend", table=file) or AUTO
    if backend not in CHOICES:
        raise ConfigError(f"unknown backend {backend!r}; use one of {', '.join(CHOICES)}")
    if backend == AUTO:
        server = bool(api_key or base_url)
        backend = next(b.name for b in BACKENDS.values() if b.needs_server == server)
    spec = BACKENDS[backend]
    model = setting(model, "BRIEFING_MODEL", "model", table=file)
    if spec.needs_server:
        if not api_key and not base_url:
            raise ConfigError(
                f"no API key for the {backend} backend; set OPENAI_API_KEY, give --base-url for "
                "a local server, or use --backend local"
            )
        model = model or spec.default_model
    raw_timeout = setting(timeout, "BRIEFING_TIMEOUT", "timeout", table=file) or 120
    try:
        seconds = float(raw_timeout)
    except ValueError:
        raise ConfigError(f"timeout must be a number of seconds, not {raw_timeout!r}") from None
    return Settings(
        backend=backend, model=model, base_url=base_url, timeout=seconds, api_key=api_key
    )
