#!/bin/bash
# sign.sh: a throwaway stack; times 操作三's heavy steps end to end
# through nginx, medians of RUNS runs (default 3) measured in one run:
#   - a 10,000-record batch signature, each side: POST /certs/sign with
#     all=1 (the request and its manifest), the QR code decoded with
#     zbarimg as a phone would, and the phone's POST /s/<token> (the
#     signing transaction: target under 2 s);
#   - generating the pending list for an exam plan of 50,000 passed
#     results (POST /certs/generate: target under 5 s).
# First bench/gen.sh fills BENCH_ROWS (default 1,000,000) certificates of
# its own organisations and institutions (BENCH_ROWS=0: the demo only).
# Each run signs a fresh exam plan of organisation 1 at institution 2
# (given a seal here), so "all 培训评价组织待签发" and "all 考核站点待签发"
# are exactly its 10,000 records.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-3}
S=$(mktemp -d /tmp/xcbench.XXXXXX)
chmod 755 "$S"
PORT=${BENCH_PORT:-28778}
B=http://127.0.0.1:$PORT
trap 'bash deploy/stack.sh stop "$S" >/dev/null; rm -rf "$S"' EXIT
XC_QUIET=1 bash deploy/stack.sh start "$S" "$PORT" demo >/dev/null
sql() { mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -e "$1"; }
python3 tests/http/mksig.py "$S"
if [ "${BENCH_ROWS:-1000000}" -gt 0 ]; then
	echo "== bench/gen.sh: ${BENCH_ROWS:-1000000} certificates first"
	BENCH_ROWS=${BENCH_ROWS:-1000000} bash bench/gen.sh "$S" | tail -n 1
fi
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }

# plan NAME INST N: an exam plan of organisation 1 (type 2) at INST with N
# new students who all passed; prints its id.
plan() {
	local p base
	p=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
	    name, exam_date) VALUES (1, 2, '$1', CURDATE()); SELECT LAST_INSERT_ID()")
	sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($p, $2)"
	base=$(sql "SELECT IFNULL(MAX(id), 0) FROM student")
	sql "INSERT INTO student (institution_id, name, gender, id_cipher, id_hmac,
	    id_mask) SELECT $2, CONCAT('考生', $base + seq), IF(seq % 2, '男', '女'),
	    RANDOM_BYTES(47), UNHEX(SHA2(CONCAT('bench sign ', $base + seq), 256)),
	    CONCAT('110105*****', LPAD(seq % 10000, 4, '0')) FROM seq_1_to_$3;
	    INSERT INTO registration (plan_id, student_id, institution_id)
	    SELECT $p, id, $2 FROM student WHERE id > $base;
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    SELECT $p, id, $2, '已通过', 60 + id % 40 FROM student WHERE id > $base"
	echo "$p"
}
login() {	# jar login
	curl -s -c "$S/$1" -b "$S/$1" "$B/login" -o "$S/l.html"
	curl -s -c "$S/$1" -b "$S/$1" -o /dev/null -H "Origin: $B" \
	    --data-urlencode "_csrf=$(tok "$S/l.html")" \
	    --data "login=$2&password=Xcert-2026" "$B/login"
}
tok() { grep -o 'name="_csrf" value="[0-9a-f]*"' "$1" | head -1 | sed 's/.*value="//;s/"//'; }
ptok() { curl -s -b "$S/$1" "$B$2" -o "$S/p.html"; tok "$S/p.html"; }

# sign JAR STATUS: all=1 for the caller's STATUS records, then the phone;
# prints "request qr phone" seconds.
sign() {
	local t0 t1 t2 t3 loc u
	t0=$(now)
	loc=$(curl -s -o "$S/sign.html" -w '%{redirect_url}' -b "$S/$1" -H "Origin: $B" \
	    --data-urlencode "_csrf=$(ptok "$1" /certs/requests)" --data "all=1&status=$2" \
	    "$B/certs/sign")
	t1=$(now)
	case $loc in
	*/certs/sign/[0-9]*) ;;
	*)	echo "bench: no request:" >&2
		sed -n 's/.*<p[^>]*>\(.*\)<\/p>.*/\1/p' "$S/sign.html" | head -3 >&2
		exit 1 ;;
	esac
	curl -s -b "$S/$1" -o "$S/qr.png" "$loc/qr.png"
	u=$(zbarimg -q --raw "$S/qr.png" 2>/dev/null | tr -d '\r\n')
	curl -s -c "$S/ph" -b "$S/ph" -o "$S/ph.html" "$u"
	base64 -w0 "$S/line.png" > "$S/sig.b64"
	t2=$(now)
	st=$(curl -s -o "$S/ph2.html" -w '%{http_code}' -c "$S/ph" -b "$S/ph" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(tok "$S/ph.html")" \
	    --data-urlencode "sig@$S/sig.b64" "$u")
	t3=$(now)
	[ "$st" = 200 ] || { echo "bench: the phone's POST answered $st" >&2; exit 1; }
	echo "$(secs "$t0" "$t1") $(secs "$t1" "$t2") $(secs "$t2" "$t3")"
}

sql "INSERT INTO seal (owner_type, owner_id, version, png, sha256, width, height,
    variant, letter_version, consent_account_id, consent_ip)
    SELECT 'institution', 2, 1, png, sha256, width, height, variant,
    letter_version, 6, '127.0.0.1' FROM seal WHERE owner_type = 'institution'
    AND owner_id = 1"
login z zcjy
login q p11010000000000000031
echo "   $(sql "SELECT COUNT(*) FROM certificate") certificates in the database"
echo "== a 10,000-record batch signature, each side ($RUNS runs; target: the phone's POST under 2 s)"
: > "$S/org.t"
: > "$S/site.t"
for i in $(seq 1 "$RUNS"); do
	p=$(plan "bench sign $i" 2 10000)
	curl -s -o /dev/null -b "$S/z" -H "Origin: $B" --data-urlencode \
	    "_csrf=$(ptok z /certs/generate)" --data "plan=$p" "$B/certs/generate"
	sign z org_pending >> "$S/org.t"
	sign q site_pending >> "$S/site.t"
	[ "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $p AND status = 'confirmed'")" = 10000 ] ||
	    { echo "bench: run $i did not confirm 10,000" >&2; exit 1; }
done
for side in org site; do
	printf '   %-5s POST /certs/sign all=1 %s s, QR + phone page %s s, phone POST (signing) %s s\n' \
	    "$side" "$(cut -d' ' -f1 "$S/$side.t" | median)" \
	    "$(cut -d' ' -f2 "$S/$side.t" | median)" "$(cut -d' ' -f3 "$S/$side.t" | median)"
done
echo "   (runs: org $(tr '\n' ';' < "$S/org.t") site $(tr '\n' ';' < "$S/site.t"))"

echo "== generating the pending list for 50,000 passed results ($RUNS runs; target under 5 s)"
: > "$S/gen.t"
for i in $(seq 1 "$RUNS"); do
	p=$(plan "bench generate $i" 1 50000)
	t0=$(now)
	curl -s -o /dev/null -b "$S/z" -H "Origin: $B" --data-urlencode \
	    "_csrf=$(ptok z /certs/generate)" --data "plan=$p" "$B/certs/generate"
	t1=$(now)
	[ "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $p")" = 50000 ] ||
	    { echo "bench: generation $i made $(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $p")" >&2; exit 1; }
	secs "$t0" "$t1" >> "$S/gen.t"
	echo >> "$S/gen.t"
done
printf '   POST /certs/generate (50,000 records) median %s s (runs: %s)\n' \
    "$(grep . "$S/gen.t" | median)" "$(grep . "$S/gen.t" | tr '\n' ' ')"
