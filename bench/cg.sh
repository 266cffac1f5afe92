#!/bin/bash
# cg.sh VAR AREA PATH [COOKIE]: a responder's instructions per request
# (valgrind --tool=callgrind), as the difference of 21 and 1 requests of
# PATH, so start-up and first-use costs fall out.  VAR is a running stack
# (deploy/stack.sh start VAR PORT; XC_BASE_URL its address); AREA one of
# its responders (institution, students, issuance, verification), which
# is stopped, run twice with one process under callgrind (XC_RSS_MAX_MB
# high: its resident size is then mostly the tool's, and it would end
# after every request), and started again as before.  Prints "Ir per
# request: N".  CG_KEEP=DIR keeps the callgrind files there
# (callgrind_annotate reads them).  CG_DATA=BODY makes the 20 requests
# POSTs of BODY (the probe before them a GET).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$(cd "${1:?usage: cg.sh VAR AREA PATH [COOKIE]}" && pwd)
AREA=${2:?area}
URLPATH=${3:?path}
COOKIE=${4:-}
B=${XC_BASE_URL:?XC_BASE_URL}
OUT=${CG_KEEP:-$(mktemp -d)}
mkdir -p "$OUT"

stop_area() {	# the stack's supervisor: SIGTERM stops it and its children
	local pid
	pid=$(cat "$VAR/run/$AREA.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# Under valgrind the supervisor does not see its SIGTERM: hold it
# (no respawn), end the serving child (callgrind writes its file), then
# kill the supervisor.
stop_cg() {
	local pid=$1 kid f
	kill -STOP "$pid"
	for kid in $(pgrep -P "$pid"); do kill "$kid"; done
	for _ in $(seq 1 300); do
		f=$(grep -l '^totals:' "$OUT"/cg.$2.* 2>/dev/null | head -n1)
		[ -n "$f" ] && break
		sleep 0.1
	done
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
}

# One run: start under callgrind, n requests, stop; prints the child's Ir.
one() {
	local n=$1 f i grp code pid
	rm -f "$OUT"/cg.$n.*
	grp=$(stat -c %G "$VAR/run/$AREA.sock")
	stop_area
	XC_VAR=$VAR XC_TEMPLATES=$ROOT/templates XC_FONTS=$ROOT/bin/fonts \
	    XC_SECRETS="$VAR/secrets.d/$AREA" XC_RSS_MAX_MB=4096 \
	    setsid valgrind --tool=callgrind \
	    --callgrind-out-file="$OUT/cg.$n.%p" "$ROOT/bin/xc-$AREA" \
	    -s "$VAR/run/$AREA.sock" -g "$grp" -n 1 -p "$VAR/run/$AREA.pid" \
	    </dev/null >>"$VAR/log/$AREA.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 300); do
		code=$(curl -s -o /dev/null -w '%{http_code}' ${COOKIE:+-H "Cookie: $COOKIE"} \
		    "$B$URLPATH") && [ "$code" != 502 ] && [ "$code" != 504 ] && break
		sleep 0.2
	done
	[ "$code" = 200 ] || { echo "cg: $URLPATH answered $code" >&2; stop_cg "$pid" "$n"; exit 1; }
	for ((i = 1; i < n; i++)); do
		code=$(curl -s -o /dev/null -w '%{http_code}' \
		    ${COOKIE:+-H "Cookie: $COOKIE"} \
		    ${CG_DATA:+--data "$CG_DATA"} "$B$URLPATH")
		# (an error page, e.g. a stale CSRF token, would be measured)
		[ "$code" = 200 ] || { echo "cg: request $i of $URLPATH" \
		    "answered $code" >&2; stop_cg "$pid" "$n"; exit 1; }
	done
	stop_cg "$pid" "$n"
	# the serving child is the file with the most instructions
	for f in "$OUT"/cg.$n.*; do
		sed -n 's/^summary: //p' "$f"
	done | sort -n | tail -n1 | grep .
}

I1=$(one 1 || one 1)	# (a slow start can miss the first request)
I21=$(one 21 || one 21)
XC_BASE_URL=$B bash "$ROOT/deploy/stack.sh" start "$VAR" \
    "$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$B")" >/dev/null
echo "Ir per request: $(( (I21 - I1) / 20 ))  ($URLPATH; 1: $I1, 21: $I21)"
