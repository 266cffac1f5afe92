#!/bin/bash
# run.sh: benchmarks (not tests): medians measured in one run on this machine.
set -eu
cd "$(dirname "$0")/.."
make -s bin/bench-render
mkdir -p var
echo "== certificate renderer (compose + PNG encode, in process)"
XC_FONTS=bin/fonts bin/bench-render 150
XC_FONTS=bin/fonts bin/bench-render 300
echo "   (target: the 150 dpi preview under 100 ms; image in var/bench-cert.png)"
bash bench/students.sh
bash bench/certs.sh
bash bench/sign.sh
if command -v wrk >/dev/null && [ -n "${BENCH_URL:-}" ]; then
	echo "== wrk -t2 -c32 -d5s $BENCH_URL/login"
	wrk -t2 -c32 -d5s "$BENCH_URL/login" | grep -E 'Requests/sec|Latency'
fi
