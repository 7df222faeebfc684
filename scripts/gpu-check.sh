#!/usr/bin/env bash
# GPU check of the native engine (issue 15), from a repository checkout on a machine with an NVIDIA GPU and the GPU
# native engine (scripts/build-native-engine.sh with TF_PYTHON pointing at a python that has tensorflow[and-cuda]==2.21.0):
#   TF_SERVERLESS_TFJS_NODE=/opt/native/node_modules/@tensorflow/tfjs-node scripts/gpu-check.sh
# 1. every golden case on the native engine with the GPU visible (test/engine/zoo-native.test.ts);
# 2. b1/b32 latency (p50) and throughput of a CNN, a transformer and an MLP on the GPU and on the CPU
#    (CUDA_VISIBLE_DEVICES=-1), side by side. Record the table in BENCHMARKS.md.
# Exits 1 with one line when there is no GPU or no native engine.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi is missing or lists no GPU); run it on a GPU machine with the GPU native engine" >&2
  exit 1
fi
[ -n "${TF_SERVERLESS_TFJS_NODE:-}" ] || { echo "gpu-check: set TF_SERVERLESS_TFJS_NODE to the GPU native engine (scripts/build-native-engine.sh)" >&2; exit 1; }
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
nvidia-smi -L
node -e "const t=require(process.env.TF_SERVERLESS_TFJS_NODE); console.log('engine: tfjs-node', t.version['tfjs-node'], 'on libtensorflow', t.backend().binding.TF_Version)"

echo "== goldens on the GPU"
npx vitest run test/engine/zoo-native.test.ts

echo "== latency and throughput, GPU vs CPU"
gpu=$(node --import tsx scripts/gpu-check.ts)
cpu=$(CUDA_VISIBLE_DEVICES=-1 node --import tsx scripts/gpu-check.ts)
GPU="$gpu" CPU="$cpu" node -e '
const g = JSON.parse(process.env.GPU), c = JSON.parse(process.env.CPU);
console.log("| model | batch | GPU p50 ms | CPU p50 ms | GPU rows/s | CPU rows/s | GPU speed-up |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
g.forEach((r, i) => console.log(`| ${r.kind} (${r.model}) | ${r.batch} | ${r.p50_ms.toFixed(3)} | ${c[i].p50_ms.toFixed(3)} | ${r.rows_per_s.toFixed(0)} | ${c[i].rows_per_s.toFixed(0)} | ${(c[i].p50_ms / r.p50_ms).toFixed(1)}x |`));
'
