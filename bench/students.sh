#!/bin/bash
# students.sh: a throwaway stack with 1,000,000 students in one
# institution; times the student list (with filters): medians of
# repeated requests through nginx, measured in one run.  (The CSV
# import: bench/import.sh; every role's lists: bench/wrk.sh (d2).)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
S=$(mktemp -d /tmp/xcbench.XXXXXX)
chmod 755 "$S"
PORT=${BENCH_PORT:-28777}
B=http://127.0.0.1:$PORT
trap 'bash deploy/stack.sh stop "$S"; rm -rf "$S"' EXIT
XC_QUIET=1 bash deploy/stack.sh start "$S" "$PORT" demo >/dev/null
sql() { mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -e "$1"; }

echo "== filling 1,000,000 students into institution 1 (Sequence engine)"
t0=$(date +%s.%N)
sql "INSERT INTO student (institution_id, name, gender, id_type, id_cipher,
	id_hmac, id_mask, student_type, major, class_name)
     SELECT 1, CONCAT('学生', seq), IF(seq % 2, '男', '女'), '居民身份证',
	RANDOM_BYTES(47), UNHEX(SHA2(CONCAT('bench', seq), 256)),
	CONCAT('110105', '*****', LPAD(seq % 10000, 4, '0')), '院校学生',
	'焊接技术', CONCAT(seq % 40, '班')
     FROM seq_1_to_1000000"
sql "ANALYZE TABLE student" >/dev/null
echo "   $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s; $(sql "SELECT COUNT(*) FROM student") students"

jar=$S/jar
curl -s -c "$jar" -b "$jar" "$B/login" -o "$S/l.html"
tok=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$S/l.html" | head -1 | sed 's/.*value="//;s/"//')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$tok" \
    --data "login=p21020000000000000000&password=Xcert-2026" "$B/login"

median() {	# label url: 21 requests, the median time
	local i times
	times=$(for i in $(seq 1 21); do
		curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$B$2"
	done | sort -n)
	printf '   %-36s median %.1f ms (min %.1f, max %.1f)\n' "$1" \
	    "$(echo "$times" | sed -n 11p | awk '{print $1*1000}')" \
	    "$(echo "$times" | head -1 | awk '{print $1*1000}')" \
	    "$(echo "$times" | tail -1 | awk '{print $1*1000}')"
}
echo "== GET /students with 1,000,000 rows (target < 50 ms)"
# Keyset pages (0019): a deep page starts after a row's (institution, id).
deep=$(sql "SELECT CONCAT(institution_id, '.', id) FROM student
    WHERE institution_id = 1 ORDER BY id LIMIT 1 OFFSET 900000")
idx=$(sql "SELECT LOWER(HEX(id_hmac)) FROM student WHERE institution_id = 1
    ORDER BY id LIMIT 1 OFFSET 777777")
median "first page" "/students"
median "deep page (after the 900,000th)" "/students?page=18001&after=$deep"
median "filter by name" "/students?name=%E5%AD%A6%E7%94%9F777777"
median "filter by ID number (blind index)" "/students?idx=$idx"
