#!/bin/bash
# wrk.sh: the hot paths against the ceilings of this machine (issue 13), on
# a throwaway stack (own datadir under /tmp, own ports) filled by
# bench/gen.sh.  Every scenario: wrk on loopback, 2 s warm-up, then
# -t2 -c64 for BENCH_SECS (10) seconds.  Prints one table (requests/s,
# p50, p99, errors, ratio to (b) and to (b2)) and puts it on top of
# bench/results.md (full runs only) with the machine, date and commit,
# and the resident memory of every responder process.
#   BENCH_ROWS  certificates and students (1,000,000)
#   BENCH_SECS  seconds per scenario (10)
#   XC_PROCS    processes per responder, the floors too (3, as make run)
#   BENCH_KEEP  1: leave the stack running and its folder in place
#   BENCH_STACK a stack already filled by gen.sh (kept running): measure
#               it again without generating (bench/results.md untouched)
#   BENCH_ONLY  the scenario keys to run, an extended regex (a|b|b2|c)
set -eu -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROWS=${BENCH_ROWS:-1000000}
SECS=${BENCH_SECS:-10}
PROCS=${XC_PROCS:-3}
export XC_PROCS=$PROCS
command -v wrk >/dev/null || { echo "wrk.sh: wrk is not installed" >&2; exit 1; }
[ -x bin/bench-floor ] || { echo "wrk.sh: build first: make bin/bench-floor" >&2; exit 1; }

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$(shuf -i 20000-29998 -n 1)
		ss -Htln "( sport = :$p or sport = :$((p + 1)) )" | grep -q . ||
		    { echo "$p"; return; }
	done
	echo "wrk.sh: no free port" >&2
	exit 1
}
PORT=$(free_port)
BPORT=$((PORT + 1))
if [ -n "${BENCH_STACK:-}" ]; then
	S=$(cd "$BENCH_STACK" && pwd)
else
	S=$(mktemp -d /tmp/xcwrk.XXXXXX)
	chmod 755 "$S"
fi
B=http://127.0.0.1:$BPORT

stop_pidfile() {
	local pid
	[ -s "$1" ] || return 0
	pid=$(head -n1 "$1")
	kill "-${2:-TERM}" "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
}
cleanup() {
	[ "${BENCH_KEEP:-}" = 1 ] && { echo "stack left in $S"; return; }
	stop_pidfile "$S/run/bench-nginx.pid" QUIT
	stop_pidfile "$S/run/floor-hello.pid"
	stop_pidfile "$S/run/floor-pk.pid"
	[ -n "${BENCH_STACK:-}" ] && return
	bash deploy/stack.sh stop "$S"
	rm -rf "$S"
}
trap cleanup EXIT

echo "== stack on $S (port $PORT; bench nginx on $BPORT), $PROCS processes each"
# MariaDB's temporary files in the stack's folder, not in a /tmp that
# other programs clean (a bulk insert lost its temporary table so).
mkdir -p "$S/tmp"
export TMPDIR=$S/tmp
if [ -z "${BENCH_STACK:-}" ]; then
	# A buffer pool that holds the lookups' working set (certificate,
	# student: about 2 GB at 1,000,000), as a deployment sizes it.
	XC_DB_POOL=${XC_DB_POOL:-2G} XC_QUIET=1 \
	    bash deploy/stack.sh start "$S" "$PORT" demo >/dev/null
	gen_t0=$(date +%s.%N)
	BENCH_ROWS=$ROWS bash bench/gen.sh "$S" | tee "$S/gen.out"
	GEN_S=$(awk -v a="$gen_t0" -v b="$(date +%s.%N)" \
	    'BEGIN { printf "%.0f", b - a }')
else
	GEN_S="reused, not"
fi
DB_SIZE=$(du -sh "$S/db" | cut -f1)
sql() { mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -B -e "$1"; }
# The bulk-loaded certificates get their signed QR payloads the way an
# upgraded deployment would (xadmin qr-backfill); the /verify/q/ paths of
# the valid pairs' certificates.
XC_VAR=$S "$ROOT/bin/xadmin" qr-backfill
{ echo "SELECT CONCAT('/verify/q/', qr_payload) FROM certificate WHERE number IN ("
  cut -f1 "$S/bench/pairs.tsv" | sed "s/.*/'&'/" | paste -sd,
  echo ")"; } | mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -B \
    > "$S/bench/qr.txt"

# The floors, and an nginx that is the stack's own configuration plus
# their locations, a return 200, and X-Real-IP trusted from loopback so
# the wrong-pair lookups come from many addresses (the stack's nginx
# and production trust no such header).
bin/bench-floor -m hello -s "$S/run/floor-hello.sock" -n "$PROCS" \
    -p "$S/run/floor-hello.pid" 2>>"$S/log/floor.log" &
XC_DB_SOCKET=$S/run/db.sock bin/bench-floor -m pk \
    -s "$S/run/floor-pk.sock" -n "$PROCS" -p "$S/run/floor-pk.pid" \
    2>>"$S/log/floor.log" &
mkdir -p "$S/bnginx"
cat > "$S/bnginx/bench.conf" <<EOF
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
location = /bench/return { return 200 "ok\n"; }
location = /bench/hello {
	include $ROOT/nginx/fastcgi.conf;
	fastcgi_pass unix:$S/run/floor-hello.sock;
}
location = /bench/pk {
	include $ROOT/nginx/fastcgi.conf;
	fastcgi_pass unix:$S/run/floor-pk.sock;
}
EOF
sed -e "s|@VAR@/run/nginx.pid|$S/run/bench-nginx.pid|" \
    -e "s|@VAR@/log/nginx-|$S/log/bench-nginx-|" \
    -e "s|include @VAR@/nginx/xcert.conf;|include $S/bnginx/bench.conf; &|" \
    -e "s|@VAR@/nginx/\([a-z_]*\);|$S/bnginx/\1;|" \
    -e "s|@VAR@|$S|g" -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$BPORT|g" \
    -e "s|@USER@|$(sed -n 's/^user \(.*\);/\1/p' "$S/nginx/nginx.conf")|" \
    nginx/nginx.conf.in > "$S/bnginx/nginx.conf"
nginx -q -p "$S/bnginx" -c "$S/bnginx/nginx.conf" -e "$S/log/bench-nginx-error.log"
for _ in $(seq 1 50); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$B/bench/pk")" = 200 ] &&
	    [ "$(curl -s -o /dev/null -w '%{http_code}' "$B/bench/hello")" = 200 ] &&
	    break
	sleep 0.1
done

# Sessions for the list pages, and the anonymous form token.
form_token() {	# jar url
	curl -s -c "$1" -b "$1" "$2" |
	    sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n1
}
login() {	# login: prints the Cookie header value of a fresh session
	local jar=$S/jar.$1 tok
	tok=$(form_token "$jar" "$B/login")
	curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$tok" \
	    --data "login=$1&password=Xcert-2026" "$B/login"
	awk '$6 ~ /^xc_/ { printf "%s%s=%s", n++ ? "; " : "", $6, $7 }' "$jar"
}
C_ADMIN=$(login admin)
C_ORG=$(login borg00)
C_INST=$(login "p$(sql "SELECT code FROM institution WHERE code LIKE '9%'
    ORDER BY id LIMIT 1")")
ANON=$S/jar.anon
TOKEN=$(form_token "$ANON" "$B/verify")
C_ANON=$(awk '$6 ~ /^xc_/ { printf "%s=%s", $6, $7 }' "$ANON")

# Wait until the database has run no query for a second (a slow
# scenario's queued requests would otherwise load the next one).
idle() {
	local quiet=0
	for _ in $(seq 1 1500); do
		if [ "$(sql "SELECT COUNT(*) FROM information_schema.processlist
		    WHERE command = 'Query' AND id <> CONNECTION_ID()")" = 0 ]; then
			quiet=$((quiet + 1))
			[ "$quiet" -ge 5 ] && return 0
		else
			quiet=0
		fi
		sleep 0.2
	done
}

TABLE=$S/table.tsv
: > "$TABLE"
BAD=0
run() {	# key label path [env...]: warm-up, measure, one table row
	local key=$1 label=$2 path=$3 out c=64 a
	shift 3
	[ -z "${BENCH_ONLY:-}" ] || [[ $key =~ ^($BENCH_ONLY)$ ]] || return 0
	for a in "$@"; do
		case $a in WRK_CONNS=*) c=${a#WRK_CONNS=} ;; esac
	done
	idle
	env "$@" wrk -t2 -c"$c" -d2s --timeout 10s -s bench/wrk.lua "$B$path" \
	    >/dev/null 2>&1 || true
	out=$(env "$@" wrk -t2 -c"$c" -d"${SECS}s" --timeout 10s \
	    -s bench/wrk.lua "$B$path" 2>&1 | sed -n 's/^RESULT //p')
	[ -n "$out" ] || out="0 0 0 -1 0"
	printf '%s\t%s\t%s\n' "$key" "$label" "$out" | tee -a "$TABLE" |
	    awk -F'\t' '{ split($3, r, " "); printf "   %-4s %-52s %9.1f/s\n", $1, $2, r[1] }'
}

echo "== measuring: wrk -t2 -c64 -d${SECS}s after a 2 s warm-up"
LOAD0=$(cut -d' ' -f1 /proc/loadavg)	# other programs' share of the cores
run a "nginx return 200" /bench/return WRK_MODE=get
run b "bare libfcgi hello (bench-floor)" /bench/hello WRK_MODE=get
run b2 "libfcgi + one PK select (bench-floor pk)" /bench/pk WRK_MODE=get
# (from random 127/8 addresses: nginx allows 10 lookups a second per
# address, as it would for real visitors)
run c "POST /verify, valid pairs" /verify WRK_MODE=verify WRK_EXPECT=200 \
    WRK_PAIRS="$S/bench/pairs.tsv" WRK_TOKEN="$TOKEN" WRK_COOKIE="$C_ANON" \
    WRK_SPOOF=1
run cq "GET /verify/q/<payload>, valid signed payloads" /verify WRK_MODE=paths \
    WRK_EXPECT=200 WRK_PATHS="$S/bench/qr.txt" WRK_SPOOF=1
run c- "POST /verify, wrong pairs (404), random 127/8 addresses" /verify \
    WRK_MODE=verify WRK_EXPECT=404 WRK_PAIRS="$S/bench/wrong.tsv" \
    WRK_TOKEN="$TOKEN" WRK_COOKIE="$C_ANON" WRK_SPOOF=1
# (d) 证书发放管理 with its tab counts: first and a deep keyset page
# (after the 90th percentile of the scope), unfiltered and filtered by
# the scope's largest exam plan.
II=$(sql "SELECT institution_id FROM account WHERE login = 'p$(sql "SELECT code
    FROM institution WHERE code LIKE '9%' ORDER BY id LIMIT 1")'")
OO=$(sql "SELECT organisation_id FROM account WHERE login = 'borg00'")
deep() {	# where: the keyset id 90 % into the rows in id order
	sql "SELECT id FROM certificate WHERE $1 ORDER BY id LIMIT 1
	    OFFSET $(sql "SELECT FLOOR(COUNT(*) * 0.9) FROM certificate
	    WHERE $1")"
}
bigplan() {	# where: the plan with the most certificates in it
	sql "SELECT plan_id FROM certificate_count WHERE $1 GROUP BY plan_id
	    ORDER BY SUM(n) DESC, plan_id LIMIT 1"
}
IP=$(bigplan "institution_id = $II")
OP=$(bigplan "organisation_id = $OO")
for who in INST ORG; do
	if [ $who = INST ]; then
		w="institution_id = $II" pl=$IP ck=$C_INST lab=institution
	else
		w="organisation_id = $OO" pl=$OP ck=$C_ORG lab=organisation
	fi
	run d "GET /certs, $lab, first page" /certs WRK_MODE=get WRK_EXPECT=200 \
	    WRK_COOKIE="$ck"
	run d "GET /certs, $lab, deep page" "/certs?after=$(deep "$w")" \
	    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$ck"
	run d "GET /certs, $lab, by plan, first page" "/certs?plan=$pl" \
	    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$ck"
	run d "GET /certs, $lab, by plan, deep page" \
	    "/certs?plan=$pl&after=$(deep "$w AND plan_id = $pl")" \
	    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$ck"
done
run d "GET /certs, platform admin, first page" /certs WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_ADMIN"
run d "GET /certs, platform admin, deep page" "/certs?after=$(deep TRUE)" \
    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$C_ADMIN"
# Filtered by 学生类型 (the rarer one) and by a holder's name (a common
# one: about 1 in 620 of the students bear it).
STY=%E7%A4%BE%E4%BC%9A%E5%AD%A6%E5%91%98	# 社会学员
NM=$(/usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1]))' "$(sql "SELECT name FROM student
    WHERE institution_id = $II ORDER BY id LIMIT 1")")
for who in ORG ADMIN; do
	[ $who = ORG ] && ck=$C_ORG lab=organisation ||
	    ck=$C_ADMIN lab="platform admin"
	run d "GET /certs, $lab, by 学生类型 社会学员" "/certs?stype=$STY" \
	    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$ck"
	run d "GET /certs, $lab, by name" "/certs?name=$NM" \
	    WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$ck"
done

# (d2) 学生信息 (first and a deep keyset page) and 待完善 per role; the
# platform admin has no 待完善 (flags belong to an organisation).
skey() {	# where: the list key 90 % into the students in list order
	sql "SELECT CONCAT(institution_id, '.', id) FROM student WHERE $1
	    ORDER BY institution_id, id LIMIT 1 OFFSET $(sql "SELECT
	    FLOOR(COUNT(*) * 0.9) FROM student WHERE $1")"
}
okey() {	# the same for the organisation's students
	sql "SELECT CONCAT(institution_id, '.', student_id) FROM org_student
	    WHERE organisation_id = $OO ORDER BY institution_id, student_id
	    LIMIT 1 OFFSET $(sql "SELECT FLOOR(COUNT(*) * 0.9)
	    FROM org_student WHERE organisation_id = $OO")"
}
run d2 "GET /students, institution principal" /students WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_INST"
run d2 "GET /students, institution principal, deep page" \
    "/students?page=2&after=$(skey "institution_id = $II")" WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_INST"
run d2 "GET /students, organisation" /students WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_ORG"
run d2 "GET /students, organisation, deep page" \
    "/students?page=2&after=$(okey)" WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$C_ORG"
run d2 "GET /students, platform admin" /students WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_ADMIN"
run d2 "GET /students, platform admin, deep page" \
    "/students?page=2&after=$(skey TRUE)" WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$C_ADMIN"
run d2 "GET /students/corrections (待完善), institution" \
    /students/corrections WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$C_INST"
run d2 "GET /students/corrections (待完善), organisation" \
    /students/corrections WRK_MODE=get WRK_EXPECT=200 WRK_COOKIE="$C_ORG"
ARGON=$(sed -n 's/^#define PW_\(T_COST\|M_COST\|LANES\)[[:space:]]*\([0-9]*\).*/\1=\2/p' \
    fcgi/common/sec.c | tr '\n' ' ' | sed 's/ $//')
LTOK=$(form_token "$ANON" "$B/login")
# A short run: the image and the login over 8 connections (64 queue
# their work behind the warm-up's last requests longer than the run).
[ "$SECS" -ge 10 ] && LC=64 || LC=8
# (e) the 150 dpi certificate image, as its institution downloads it
# (rendered per request unless the responder caches it).
PNG=$(sql "SELECT id FROM certificate WHERE institution_id = $II
    AND status = 'confirmed' ORDER BY id LIMIT 1")
run e "GET /certs/#/certificate.png (150 dpi), institution" \
    "/certs/$PNG/certificate.png" WRK_MODE=get WRK_EXPECT=200 \
    WRK_COOKIE="$C_INST" WRK_CONNS=$LC
run f "POST /login (argon2id $ARGON)" /login WRK_MODE=post \
    WRK_EXPECT=303 WRK_COOKIE="$C_ANON" WRK_CONNS=$LC \
    WRK_BODY="_csrf=$LTOK&login=admin&password=Xcert-2026"
idle

# Single operations: the audit chain continued to BENCH_ROWS entries and
# verified (bench/audit.sh).
AUDIT="- - -"
[ -n "${BENCH_ONLY:-}" ] ||
    AUDIT=$(bash bench/audit.sh "$S" "$ROWS" | sed -n 's/^AUDIT //p')

# The table: ratios to the FastCGI ceilings (b) and (b2).
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null ||
    echo "+dirty")
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
MEM=$(free -h | awk 'NR == 2 { print $2 }')
REPORT=$S/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') · commit $COMMIT"
	echo
	echo "Machine: $(nproc) cores ($CPU), $MEM memory; $(uname -sr)." \
	    "$ROWS certificates and students (bench/gen.sh: ${GEN_S} s," \
	    "database $DB_SIZE on disk); $PROCS processes per responder;" \
	    "wrk -t2 -c64 -d${SECS}s on loopback after a 2 s warm-up;" \
	    "load average (1 min) $LOAD0 at the first scenario," \
	    "$(cut -d' ' -f1 /proc/loadavg) at the end."
	echo
	echo "| | scenario | requests/s | p50 ms | p99 ms | errors | × (b) | × (b2) |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|"
	awk -F'\t' '
	{ split($3, r, " "); k[NR] = $1; l[NR] = $2; rps[NR] = r[1];
	  p50[NR] = r[2]; p99[NR] = r[3]; err[NR] = r[4]; r5[NR] = r[5];
	  if ($1 == "b") fb = r[1]; if ($1 == "b2") fb2 = r[1] }
	END { for (i = 1; i <= NR; i++)
		printf "| %s | %s | %.0f | %.2f | %.2f | %s | %.3f | %.3f |\n",
		    k[i], l[i], rps[i], p50[i], p99[i],
		    err[i] < 0 ? "wrk failed" : r5[i] == 0 ? "none answered" : err[i],
		    fb ? rps[i] / fb : 0, fb2 ? rps[i] / fb2 : 0 }' "$TABLE"
	echo
	echo "Errors: socket errors (connect, read, write, timeout after 10 s)" \
	    "plus answers other than the expected status (200; 404 for wrong" \
	    "pairs; 303 for login; any 2xx/3xx for GET); none answered: not" \
	    "one request finished within the run."
	echo
	echo "Single operations: audit-chain verification (xadmin audit-verify)" \
	    "of $(echo "$AUDIT" | cut -d' ' -f1) entries in" \
	    "$(echo "$AUDIT" | cut -d' ' -f2) s," \
	    "$(echo "$AUDIT" | cut -d' ' -f3) entries/s (target 200,000);" \
	    "the batch signature, the pending list and the import: bench/run.sh" \
	    "(make bench runs it after this table)."
	echo
	echo "Resident memory after the run (VmRSS, kB):"
	echo
	echo '```'
	for f in institution students issuance verification floor-hello floor-pk; do
		[ -s "$S/run/$f.pid" ] || continue
		sup=$(head -n1 "$S/run/$f.pid")
		printf '%-13s supervisor %6s;' "$f" \
		    "$(awk '/^VmRSS/ { print $2 }' "/proc/$sup/status")"
		for p in $(pgrep -P "$sup"); do
			printf ' %6s' "$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status")"
		done
		echo
	done
	printf '%-13s %s\n' mariadbd "$(awk '/^VmRSS/ { print $2 }' \
	    "/proc/$(cat "$S/run/db.pid")/status")"
	echo '```'
	echo
} > "$REPORT"
echo
cat "$REPORT"
# Every scenario answered, with no error: one TAP line each (make test
# runs bench-quick through tests/run.sh, which counts them).
awk -F'\t' '{ split($3, r, " ");
	if (r[4] == 0 && r[5] > 0)
		printf "ok - bench: %s %s: %d answers, no error\n", $1, $2, r[5]
	else {
		printf "not ok - bench: %s %s: %d answers, %d errors\n", $1,
		    $2, r[5], r[4]
		bad = 1
	} } END { exit bad }' "$TABLE" > "$S/tap" || BAD=1
cat "$S/tap"
# Only a full run (1,000,000 rows, 10 s or more) goes into the record,
# unless BENCH_RESULTS=1; bench-quick checks the harness.
if [ "${BENCH_RESULTS:-}" != 1 ] && { [ "$ROWS" -lt 1000000 ] ||
    [ "$SECS" -lt 10 ] || [ -n "${BENCH_STACK:-}${BENCH_ONLY:-}" ]; }; then
	echo "(a quick run: bench/results.md left as it is)"
	exit $BAD
fi
{
	echo "# bench/results.md: \`make bench\` (bench/wrk.sh) results, newest first"
	echo
	cat "$REPORT"
	if [ -f bench/results.md ]; then
		sed '1{/^# bench\/results.md/d}' bench/results.md | sed '1{/^$/d}'
	fi
} > "$S/results.md"
mv "$S/results.md" bench/results.md
echo "(written to bench/results.md)"
exit $BAD
