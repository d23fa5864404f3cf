#!/usr/bin/env bash
# Compares `serve` builds in alternating rounds: for each round and each build, starts that build's
# server on the model, warms it up, then measures single-example requests/s with 1 and with 8 clients
# using one load generator (this checkout's `load-test`) for every build, so that only the servers differ.
#
#   scripts/serve-compare.sh [--rounds 3] [--model savedmodels/fashion-mnist-vae] LABEL=JAR [LABEL=JAR ...]
#
# JAR is a tf-vae-train.jar (with its lib/ beside it), e.g. one built from an older commit in a scratch
# worktree. Prints one line per measurement (label, round, clients, requests/s, p50 and p99 ms) as it
# goes, then the median requests/s and p50 of each build and the ratios to the first build; with
# --json FILE it also writes every measurement there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
model="$root/savedmodels/fashion-mnist-vae"
json=""
port=18650
builds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *=*) builds+=("$1"); shift ;;
    *) echo "serve-compare: unknown argument $1 (expected LABEL=JAR)" >&2; exit 2 ;;
  esac
done
[ ${#builds[@]} -ge 1 ] || { echo "serve-compare: name at least one LABEL=JAR" >&2; exit 2; }
for b in "${builds[@]}"; do
  [ -f "${b#*=}" ] || { echo "serve-compare: ${b#*=}: no such jar" >&2; exit 2; }
done
client="$root/tf-vae-train/target/tf-vae-train.jar"
[ -f "$client" ] || { echo "serve-compare: build this checkout first (./tf-vae --help)" >&2; exit 2; }
name="$(basename "$model")"
url="http://127.0.0.1:$port/v1/models/$name:predict"
export TF_CPP_MIN_LOG_LEVEL=2
out="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$out"' EXIT

field() { # file key
  sed -n "s/.*\"$2\" : \([0-9.eE+-]*\).*/\1/p" "$1"
}

echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  for b in "${builds[@]}"; do
    label="${b%%=*}"; jar="${b#*=}"
    java -jar "$jar" serve --model "$model" --port "$port" >"$out/server.log" 2>&1 &
    server=$!
    for _ in $(seq 120); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/v1/models/$name" && break
      sleep 0.5
    done
    # Warm-up: enough requests for the JIT to settle in both the server and the client paths.
    java -jar "$client" load-test --url "$url" --clients 1 --requests 3000 --warmup 0 --json >/dev/null 2>&1
    java -jar "$client" load-test --url "$url" --clients 8 --requests 400 --warmup 0 --json >/dev/null 2>&1
    for c in 1 8; do
      n=$((c == 1 ? 4000 : 800))
      java -jar "$client" load-test --url "$url" --clients "$c" --requests "$n" --warmup 200 --json \
        >"$out/r.json" 2>/dev/null
      rps="$(field "$out/r.json" requests_per_s)"
      p50="$(field "$out/r.json" latency_ms_p50)"
      p99="$(field "$out/r.json" latency_ms_p99)"
      failed="$(field "$out/r.json" failed)"
      printf '%s round=%d clients=%d requests_per_s=%.1f p50_ms=%.3f p99_ms=%.3f failed=%s\n' \
        "$label" "$r" "$c" "$rps" "$p50" "$p99" "$failed" | tee -a "$out/all.txt"
    done
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
  done
done
echo "# medians over $rounds rounds; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out/all.txt" "${json:-}" "${builds[@]%%=*}" <<'EOF'
import json, statistics, sys
rows = []
for line in open(sys.argv[1]):
    f = line.split()
    d = dict(kv.split("=") for kv in f[1:])
    rows.append({"label": f[0], "round": int(d["round"]), "clients": int(d["clients"]),
                 "requests_per_s": float(d["requests_per_s"]), "p50_ms": float(d["p50_ms"]),
                 "p99_ms": float(d["p99_ms"]), "failed": int(float(d["failed"]))})
labels = sys.argv[3:]
med = {}
for l in labels:
    for c in (1, 8):
        sel = [r for r in rows if r["label"] == l and r["clients"] == c]
        med[(l, c)] = (statistics.median(r["requests_per_s"] for r in sel),
                       statistics.median(r["p50_ms"] for r in sel))
print("| build | clients | requests/s (median) | p50 ms (median) | requests/s ratio to %s |" % labels[0])
print("|---|---|---|---|---|")
for l in labels:
    for c in (1, 8):
        rps, p50 = med[(l, c)]
        print("| %s | %d | %.0f | %.2f | %.2f |" % (l, c, rps, p50, rps / med[(labels[0], c)][0]))
if sys.argv[2]:
    with open(sys.argv[2], "w") as f:
        json.dump({"measurements": rows,
                   "medians": [{"label": l, "clients": c, "requests_per_s": med[(l, c)][0],
                                "p50_ms": med[(l, c)][1]} for l in labels for c in (1, 8)]}, f, indent=2)
EOF
