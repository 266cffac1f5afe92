#!/bin/bash
# run.sh: benchmarks (not tests): medians measured in one run on this machine.
set -eu
cd "$(dirname "$0")/.."
make -s bin/bench-render
mkdir -p var
echo "== certificate renderer (in process; issue 10 targets: 150 dpi < 80 ms,"
echo "   300 dpi PNG < 300 ms, signed PDF < 400 ms; image in var/bench-cert.png)"
k=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 \
    -days 1 -nodes -subj "/CN=bench" -keyout "$k/key.pem" -out "$k/cert.pem" \
    >/dev/null 2>&1
XC_FONTS=bin/fonts bin/bench-render 150
XC_FONTS=bin/fonts bin/bench-render 300
BENCH_PDF_KEY=$k/key.pem BENCH_PDF_CERT=$k/cert.pem XC_FONTS=bin/fonts \
    bin/bench-render pdf
rm -rf "$k"
bash bench/students.sh
bash bench/certs.sh
bash bench/sign.sh
if command -v wrk >/dev/null && [ -n "${BENCH_URL:-}" ]; then
	echo "== wrk -t2 -c32 -d5s $BENCH_URL/login"
	wrk -t2 -c32 -d5s "$BENCH_URL/login" | grep -E 'Requests/sec|Latency'
fi
