#!/usr/bin/env bash
# Atelier's text bench and llama.cpp's (bench/llama.cpp, node-llama-cpp prebuilt) on the same GGUF
# file, 2 threads, 128 prompt + 32 decode tokens, alternating for two rounds so that a change in
# the machine shows in both. Usage: bench/side-by-side.sh MODEL.gguf
# Needs: (cd bench/llama.cpp && npm install --no-package-lock --omit=optional --ignore-scripts)
set -euo pipefail
cd "$(dirname "$0")/.."
model="$1"
for round in 1 2; do
  echo "=== round $round: atelier, $(date +%T), load $(cut -d' ' -f1 /proc/loadavg)"
  ATELIER_JAVA_OPTS=-Xmx8g bin/atelier text bench --model "$model" --prompt-tokens 128 --decode-tokens 32 2>&1 \
    | grep -E "^(model|prefill|decode|weights)"
  echo "=== round $round: llama.cpp, $(date +%T), load $(cut -d' ' -f1 /proc/loadavg)"
  node bench/llama.cpp/bench.mjs "$model" 128 32 2 | tail -1
done
