"""The embedded backend: llama.cpp via llama-cpp-python, offline, schema-constrained decoding."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from typing import Any

from ..errors import ConfigError, ContextOverflow
from ..models import Usage
from .base import Completion, Message, TokenCallback
from .model_files import INSTALL_HINT, MODEL_NAME, ensure_model

Stage = Callable[[str], None]


class LocalClient:
    """Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) in-process; loaded on first use, then reused."""

    backend = "local"
    compact = True  # a small model on a CPU: ask for fewer, shorter fields

    def __init__(
        self,
        *,
        n_ctx: int = 4096,
        threads: int | None = None,
        stage: Stage | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.model = MODEL_NAME
        self._n_ctx = n_ctx
        self._threads = threads or os.cpu_count() or 2
        self._llm: Any = None
        self._grammars: dict[str, Any] = {}
        self._stage = stage or (lambda _s: None)
        self._progress = progress
        self.timings: dict[str, float] = {"load_s": 0.0, "prompt_s": 0.0, "generate_s": 0.0}

    def _load(self) -> Any:
        if self._llm is not None:
            return self._llm
        try:
            import llama_cpp
        except ImportError:
            raise ConfigError(
                f"the embedded backend needs llama-cpp-python; {INSTALL_HINT}, "
                "or configure a server with --base-url / OPENAI_API_KEY"
            ) from None
        self._stage("assembling model")
        path = ensure_model(progress=self._progress)
        self._stage("loading model")
        t0 = time.perf_counter()
        self._llm = llama_cpp.Llama(
            model_path=str(path),
            n_ctx=self._n_ctx,
            n_threads=self._threads,
            n_threads_batch=self._threads,
            n_batch=512,
            verbose=False,
            seed=0,
        )
        self.timings["load_s"] += time.perf_counter() - t0
        return self._llm

    def _grammar(self, schema: dict[str, Any]) -> Any:
        from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

        key = json.dumps(schema)  # property order is kept: it is the order the model writes
        if key not in self._grammars:
            gbnf = json_schema_to_gbnf(key)
            # Compact JSON: no optional spaces between tokens, which the model pays for.
            gbnf = re.sub(r"(?m)^space ::= .*$", 'space ::= ""', gbnf)
            self._grammars[key] = LlamaGrammar.from_string(gbnf, verbose=False)
        return self._grammars[key]

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Generate an answer, constrained to the schema when one is given."""
        import numpy as np
        from llama_cpp import LogitsProcessorList

        llm = self._load()
        prompt_tokens = len(llm.tokenize(_render_chat(llm, messages).encode(), special=True))
        if prompt_tokens + max_tokens > self._n_ctx:
            raise ContextOverflow(
                f"the article needs {prompt_tokens} prompt tokens, more than the embedded "
                f"model's context of {self._n_ctx} allows; use a server with a larger model"
            )
        t0 = time.perf_counter()
        first: list[float] = []
        count = [0]

        def tick(_ids: Any, scores: Any) -> Any:
            if not first:
                first.append(time.perf_counter())
            count[0] += 1
            if on_token:
                on_token(count[0])
            return scores

        kwargs: dict[str, Any] = {}
        if schema is not None:
            kwargs["grammar"] = self._grammar(schema)
        self._stage("generating")
        resp = llm.create_chat_completion(
            messages=messages,
            max_tokens=max_tokens,
            temperature=0.0,
            seed=0,
            logits_processor=LogitsProcessorList([tick]),
            **kwargs,
        )
        t1 = time.perf_counter()
        start_gen = first[0] if first else t1
        self.timings["prompt_s"] += start_gen - t0
        self.timings["generate_s"] += t1 - start_gen
        del np
        choice = resp["choices"][0]
        usage = resp.get("usage") or {}
        return Completion(
            choice["message"].get("content") or "",
            Usage(
                prompt_tokens=usage.get("prompt_tokens", prompt_tokens),
                completion_tokens=usage.get("completion_tokens", count[0]),
            ),
            choice.get("finish_reason"),
        )


def _render_chat(llm: Any, messages: list[Message]) -> str:
    # Only used to size the prompt; the exact template is applied by llama-cpp-python.
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
