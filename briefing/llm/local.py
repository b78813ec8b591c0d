"""The embedded backend: llama.cpp via llama-cpp-python, offline, schema-constrained decoding."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from typing import Any

from briefing.config import cache_dir
from briefing.errors import ConfigError, ContextOverflow
from briefing.llm.backends import Settings
from briefing.llm.base import Completion, Message, TokenCallback
from briefing.llm.model_files import INSTALL_HINT, MODEL_NAME, MODEL_SHA256, ensure_model
from briefing.models import Usage

Stage = Callable[[str], None]


class LocalClient:
    """Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) in-process; loaded on first use, then reused."""

    backend = "local"
    compact = True  # a small model on a CPU: ask for fewer, shorter fields

    def __init__(
        self,
        *,
        n_ctx: int = 8192,
        threads: int | None = None,
        stage: Stage | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.model = MODEL_NAME
        self._n_ctx = n_ctx
        self._threads = threads or os.cpu_count() or 2
        self._llm: Any = None
        self._grammars: dict[str, Any] = {}
        self._formatter: Any = None
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

    def _prompt_tokens(self, llm: Any, messages: list[Message]) -> list[int]:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        if self._formatter is None:
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise ConfigError("the embedded model has no chat template; reinstall the model")
            self._formatter = Jinja2ChatFormatter(
                template=template, eos_token="<|endoftext|>", bos_token=""
            )
        prompt = self._formatter(messages=messages).prompt
        return list(llm.tokenize(prompt.encode("utf-8"), special=True))

    def _restore_prefix(self, llm: Any, tokens: list[int], prefix_len: int) -> None:
        """Reuse the KV state of the static prompt prefix, from memory or from the disk cache.

        The instructions come first in every prompt and never change, so their evaluation is
        saved once (about 12 MB) and loaded on later runs instead of being recomputed.
        """
        import llama_cpp

        if prefix_len < 32:
            return
        if llm.n_tokens >= prefix_len and list(llm.input_ids[:prefix_len]) == tokens[:prefix_len]:
            return  # already in the context (a re-ask in the same run)
        ids = tokens[:prefix_len]
        digest = hashlib.sha256(f"{MODEL_SHA256}:{self._n_ctx}:{ids}".encode()).hexdigest()[:20]
        path = cache_dir() / "prefix" / f"{digest}.state"
        ctx = llm._ctx.ctx
        if path.is_file():
            out = (llama_cpp.llama_token * prefix_len)()
            count = ctypes.c_size_t(0)
            ok = llama_cpp.llama_state_load_file(
                ctx, str(path).encode(), out, prefix_len, ctypes.byref(count)
            )
            if ok and count.value == prefix_len and list(out) == ids:
                llm.input_ids[:prefix_len] = ids
                llm.n_tokens = prefix_len
                return
            path.unlink(missing_ok=True)
        llm.reset()
        llm.eval(ids)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        arr = (llama_cpp.llama_token * prefix_len)(*ids)
        if llama_cpp.llama_state_save_file(ctx, str(tmp).encode(), arr, prefix_len):
            os.replace(tmp, path)
        tmp.unlink(missing_ok=True)

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
        from llama_cpp import LogitsProcessorList

        llm = self._load()
        tokens = self._prompt_tokens(llm, messages)
        if len(tokens) + max_tokens > self._n_ctx:
            raise ContextOverflow(
                f"the article needs {len(tokens)} prompt tokens, more than the embedded "
                f"model's context of {self._n_ctx} allows; use a server with a larger model",
                needed=len(tokens) + max_tokens,
                limit=self._n_ctx,
            )
        t0 = time.perf_counter()
        prefix = self._prompt_tokens(llm, [messages[0]]) if messages[0]["role"] == "system" else []
        shared = 0
        for a, b in zip(prefix, tokens, strict=False):
            if a != b:
                break
            shared += 1
        self._restore_prefix(llm, tokens, shared - 1)
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
        resp = llm.create_completion(
            prompt=tokens,
            max_tokens=max_tokens,
            temperature=0.0,
            seed=0,
            stop=["<|im_end|>", "<|endoftext|>"],
            logits_processor=LogitsProcessorList([tick]),
            **kwargs,
        )
        t1 = time.perf_counter()
        start_gen = first[0] if first else t1
        self.timings["prompt_s"] += start_gen - t0
        self.timings["generate_s"] += t1 - start_gen
        choice = resp["choices"][0]
        return Completion(
            choice.get("text") or "",
            Usage(prompt_tokens=len(tokens), completion_tokens=count[0]),
            choice.get("finish_reason"),
        )


def build(
    settings: Settings,
    *,
    stage: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LocalClient:
    """The embedded client (the registry's `build`): the model is fixed, settings add nothing."""
    return LocalClient(stage=stage, progress=progress)
