#!/bin/bash
# sign.sh: times 操作三's heavy steps end to end through nginx, medians
# of RUNS runs (default 3) measured in one run:
#   - a SIGN_N-record (10,000) batch signature, each side: POST
#     /certs/sign with all=1 (the request and its manifest), the QR code
#     decoded with zbarimg as a phone would, and the phone's POST
#     /s/<token> (the signing transaction: target under 2 s at 10,000);
#   - generating the pending list for an exam plan of GEN_N (50,000)
#     passed results (POST /certs/generate: target under 5 s at 50,000).
# The stack: bench/lib.sh (BENCH_STACK, or its own filled by gen.sh with
# BENCH_ROWS, default 1,000,000).  Each run signs a fresh exam plan of
# organisation 1 at institution 2 (given a seal here): "all
# 培训评价组织待签发" and "all 考核站点待签发" of that plan (the list's
# filter), so a kept stack (BENCH_STACK) can be measured again after the
# pending lists of earlier runs.
# Last lines: OP sign SECONDS SIGN_N and OP generate SECONDS GEN_N.
set -eEu -o pipefail
trap 'echo "sign.sh: line $LINENO: exit $? from: $BASH_COMMAND" >&2' ERR
. "$(dirname "$0")/lib.sh"
bench_stack xcsign 28778 1000000
RUNS=${RUNS:-3}
SIGN_N=${SIGN_N:-10000}
GEN_N=${GEN_N:-50000}
python3 tests/http/mksig.py "$W"
base64 -w0 "$W/line.png" > "$W/sig.b64"
# The plans' students carry a seeded student's ID ciphertext, as gen.sh's.
CIPH=$(sql "SELECT HEX(id_cipher) FROM student ORDER BY id LIMIT 1")

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
	    UNHEX('$CIPH'), UNHEX(SHA2(CONCAT('bench sign ', $base + seq), 256)),
	    CONCAT('110105*****', LPAD(seq % 10000, 4, '0')) FROM seq_1_to_$3;
	    INSERT INTO registration (plan_id, student_id, institution_id)
	    SELECT $p, id, $2 FROM student WHERE id > $base;
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    SELECT $p, id, $2, '已通过', 60 + id % 40 FROM student WHERE id > $base"
	echo "$p"
}
# generate PLAN: POST /certs/generate as organisation 1's staff.
generate() {
	curl -s -o /dev/null -b "$W/z" -H "Origin: $B" --data-urlencode \
	    "_csrf=$(ptok z /certs/generate)" --data "plan=$1" "$B/certs/generate"
}
# generated PLAN N: the plan has N records.
generated() {
	local got
	got=$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $1")
	[ "$got" = "$2" ] ||
	    { echo "sign.sh: plan $1: $got records generated, not $2" >&2; exit 1; }
}

# cpu: the CPU seconds used so far by the stack's MariaDB and by its
# issuance workers ("db app"): a signature's or a generation's cost as the
# difference, steadier than wall-clock time on a machine shared with
# other work.
cpu() {
	local d a
	d=$(awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$(cat "$S/run/db.pid")/stat")
	# (a process that ends meanwhile makes cat fail: not an error here)
	# The workers alive, plus those that ended (a worker that a request
	# left large is replaced after it): their time is the supervisor's
	# children's time once it has reaped them.
	a=$({ cat /proc/[0-9]*/stat 2>/dev/null || true; } |
	    awk -v p="$(cat "$S/run/issuance.pid")" \
	    '$4 == p { s += $14 + $15 } $1 == p { s += $16 + $17 }
	    END { printf "%.2f", s / 100 }')
	echo "$d $a"
}
# cpus "DB0 APP0" "DB1 APP1": the CPU seconds between two cpu readings.
cpus() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
	printf "%.2f %.2f", y[1] - x[1], y[2] - x[2] }'; }

# sign JAR STATUS PLAN: all=1 for the caller's STATUS records of PLAN,
# then the phone; prints "request qr phone" seconds and the CPU seconds
# of the phone's POST, "db app".
sign() {
	local t0 t1 t2 t3 c2 c3 loc u st
	t0=$(now)
	loc=$(curl -s -o "$W/sign.html" -w '%{redirect_url}' -b "$W/$1" -H "Origin: $B" \
	    --data-urlencode "_csrf=$(ptok "$1" /certs/requests)" --data "all=1&status=$2&plan=$3" \
	    "$B/certs/sign")
	t1=$(now)
	case $loc in
	*/certs/sign/[0-9]*) ;;
	*)	echo "sign.sh: no request:" >&2
		sed -n 's/.*<p[^>]*>\(.*\)<\/p>.*/\1/p' "$W/sign.html" | head -3 >&2
		exit 1 ;;
	esac
	curl -s -b "$W/$1" -o "$W/qr.png" "$loc/qr.png"
	u=$(zbarimg -q --raw "$W/qr.png" 2>/dev/null | tr -d '\r\n')
	[ -n "$u" ] || { echo "sign.sh: zbarimg read no QR code" >&2; exit 1; }
	curl -s -c "$W/ph" -b "$W/ph" -o "$W/ph.html" "$u"
	c2=$(cpu)
	t2=$(now)
	st=$(curl -s -o "$W/ph2.html" -w '%{http_code}' -c "$W/ph" -b "$W/ph" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(tok "$W/ph.html")" \
	    --data-urlencode "sig@$W/sig.b64" "$u")
	t3=$(now)
	c3=$(cpu)
	[ "$st" = 200 ] || { echo "sign.sh: the phone's POST answered $st" >&2; exit 1; }
	echo "$(secs "$t0" "$t1") $(secs "$t1" "$t2") $(secs "$t2" "$t3") $(cpus "$c2" "$c3")"
}

# payloads PLAN: every confirmed record of PLAN carries a QR payload of
# its own number, 发证时间 and content hash (decoded here), signed by a
# published key (bin/xverify, with the public keys only).  A batch of
# 512 or more is signed on two threads (fcgi/issuance/qrtext.c).
payloads() {
	local n bad
	sql "SELECT number, DATE_FORMAT(issued_on, '%Y-%m-%d'), canon_sha256,
	    qr_payload FROM certificate WHERE plan_id = $1
	    AND status = 'confirmed'" > "$W/qr.tsv"
	read -r n bad < <(/usr/bin/python3 tests/http/qrfields.py "$W/qr.tsv")
	while IFS=$'\t' read -r _ _ _ q; do
		"$ROOT/bin/xverify" -K "$S/qr-keys/public" "$q" >/dev/null 2>&1 ||
		    bad=$((bad + 1))
	done < "$W/qr.tsv"
	[ "$n" = "$SIGN_N" ] && [ "$bad" = 0 ] || {
		echo "sign.sh: plan $1: $n payloads, $bad not of their record or not verified" >&2
		exit 1
	}
	echo "   $n QR payloads: each of its record, each verified by xverify"
}

sql "INSERT INTO seal (owner_type, owner_id, version, png, sha256, width, height,
    variant, letter_version, consent_account_id, consent_ip)
    SELECT 'institution', 2, 1, png, sha256, width, height, variant,
    letter_version, 6, '127.0.0.1' FROM seal WHERE owner_type = 'institution'
    AND owner_id = 1 AND NOT EXISTS (SELECT 1 FROM seal
    WHERE owner_type = 'institution' AND owner_id = 2)"
login z zcjy
login q p11010000000000000031
echo "   $(sql "SELECT COUNT(*) FROM certificate") certificates in the database"
echo "== a $SIGN_N-record batch signature, each side ($RUNS runs; target: the phone's POST under 2 s at 10,000)"
: > "$W/org.t"
: > "$W/site.t"
for i in $(seq 1 "$RUNS"); do
	p=$(plan "bench sign $$ $i" 2 "$SIGN_N")
	generate "$p"
	generated "$p" "$SIGN_N"
	sign z org_pending "$p" >> "$W/org.t"
	sign q site_pending "$p" >> "$W/site.t"
	[ "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $p AND status = 'confirmed'")" = "$SIGN_N" ] ||
	    { echo "sign.sh: run $i did not confirm $SIGN_N" >&2; exit 1; }
	payloads "$p"
done
for side in org site; do
	printf '   %-5s POST /certs/sign all=1 %s s, QR + phone page %s s, phone POST (signing) %s s (CPU: MariaDB %s s, issuance %s s)\n' \
	    "$side" "$(cut -d' ' -f1 "$W/$side.t" | median)" \
	    "$(cut -d' ' -f2 "$W/$side.t" | median)" "$(cut -d' ' -f3 "$W/$side.t" | median)" \
	    "$(cut -d' ' -f4 "$W/$side.t" | median)" "$(cut -d' ' -f5 "$W/$side.t" | median)"
done
echo "   (runs: org $(tr '\n' ';' < "$W/org.t") site $(tr '\n' ';' < "$W/site.t"))"

echo "== generating the pending list for $GEN_N passed results ($RUNS runs; target under 5 s at 50,000)"
: > "$W/gen.t"
for i in $(seq 1 "$RUNS"); do
	p=$(plan "bench generate $$ $i" 1 "$GEN_N")
	c0=$(cpu)
	t0=$(now)
	generate "$p"
	t1=$(now)
	c1=$(cpu)
	generated "$p" "$GEN_N"
	echo "$(secs "$t0" "$t1") $(cpus "$c0" "$c1")" >> "$W/gen.t"
done
printf '   POST /certs/generate (%d records) median %s s (CPU: MariaDB %s s, issuance %s s; runs: %s)\n' \
    "$GEN_N" "$(cut -d' ' -f1 "$W/gen.t" | median)" "$(cut -d' ' -f2 "$W/gen.t" | median)" \
    "$(cut -d' ' -f3 "$W/gen.t" | median)" "$(cut -d' ' -f1 "$W/gen.t" | tr '\n' ' ')"
# The slower side's signing transaction is the figure against the target.
echo "OP sign $(for side in org site; do cut -d' ' -f3 "$W/$side.t" | median
    echo; done | sort -n | tail -n1) $SIGN_N"
echo "OP generate $(cut -d' ' -f1 "$W/gen.t" | median) $GEN_N"
