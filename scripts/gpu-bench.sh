#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (CUDA 12 and cuDNN 9 installed, as TensorFlow 2.18's natives need):
# builds tf-vae with TensorFlow Java's GPU natives (./tf-vae --gpu, Maven profile -Pgpu; a 526 MB jar
# downloaded once), trains the reference MLP and the conv VAE on Fashion-MNIST, runs `bench`, and
# writes everything as JSON under OUT (default gpu-bench/):
#
#   scripts/gpu-bench.sh [OUT] [--epochs N]
#
#   OUT/device.txt           nvidia-smi's view of the GPU, and the device tf-vae placed its graphs on
#   OUT/train-mlp.json       ./tf-vae train --json of the reference MLP (samples/s per epoch, losses)
#   OUT/train-conv.json      the same for the conv VAE
#   OUT/bench.json           ./tf-vae bench --json (its `machine.device` says where it ran)
#   OUT/*.log                each command's stderr
#
# Nothing outside OUT is written: models and checkpoints go under OUT too. A machine without a GPU runs
# it all on the CPU and says so in device.txt (the `device:` line of training).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/gpu-bench"
epochs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    -*) echo "gpu-bench: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export TFVAE_GPU=1
tfvae="$root/tf-vae"

{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null \
    || echo "nvidia-smi: not found (no NVIDIA driver here)"
} > "$out/device.txt"

run() { # name, then the tf-vae arguments
  local name="$1"; shift
  echo "gpu-bench: $name: ./tf-vae $*" >&2
  "$tfvae" "$@" > "$out/$name.json" 2> "$out/$name.log" \
    || { echo "gpu-bench: $name failed; see $out/$name.log" >&2; tail -5 "$out/$name.log" >&2; exit 1; }
}

run train-mlp train --dataset fashion-mnist --epochs "$epochs" --quiet --json \
  --out "$out/models/fashion-mnist-vae" --checkpoint-dir "$out/checkpoints/mlp"
grep -m1 '^device:' "$out/train-mlp.log" >> "$out/device.txt" || true
run train-conv train --dataset fashion-mnist --arch conv --epochs "$epochs" --quiet --json \
  --out "$out/models/fashion-mnist-conv-vae" --checkpoint-dir "$out/checkpoints/conv"
run bench bench --json --model "$out/models/fashion-mnist-vae"
cat "$out/device.txt" >&2
echo "gpu-bench: wrote $out/{device.txt,train-mlp.json,train-conv.json,bench.json}" >&2
