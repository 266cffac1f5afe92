#!/bin/bash
# certs.sh: 证书发放管理 (GET /certs, with its tab counts) at 1,000,000
# certificates (bench/gen.sh): an institution (2,000 records) and an
# organisation (50,000), first page and a deep keyset page, unfiltered
# and filtered; medians of 21 requests through nginx, and the EXPLAIN of
# the list's statements.  Target: every median under 50 ms.
#   BENCH_VAR=DIR BENCH_PORT=N  use a running stack already filled by
#                               gen.sh instead of making one (~3 min)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ -n "${BENCH_VAR:-}" ]; then
	S=$BENCH_VAR
	PORT=${BENCH_PORT:?BENCH_PORT with BENCH_VAR}
else
	S=$(mktemp -d /tmp/xccerts.XXXXXX)
	chmod 755 "$S"
	PORT=${BENCH_PORT:-28779}
	trap 'bash deploy/stack.sh stop "$S"; rm -rf "$S"' EXIT
	XC_QUIET=1 bash deploy/stack.sh start "$S" "$PORT" demo >/dev/null
	BENCH_ROWS=${BENCH_ROWS:-1000000} bash bench/gen.sh "$S" | tail -3
fi
B=http://127.0.0.1:$PORT
sql() { mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -B -e "$1"; }

login() {	# jar login
	curl -s -c "$1" -b "$1" "$B/login" -o "$1.html"
	local tok
	tok=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$1.html" | head -1 |
	    sed 's/.*value="//;s/"//')
	curl -s -c "$1" -b "$1" -o /dev/null --data-urlencode "_csrf=$tok" \
	    --data "login=$2&password=Xcert-2026" "$B/login"
}
median() {	# jar label path: 21 requests (after one warm-up), the median
	local i times rows
	curl -s -o "$S/page.html" -b "$1" "$B$3"
	rows=$(grep -c 'form="batch"' "$S/page.html" || true)
	times=$(for i in $(seq 1 21); do
		curl -s -o /dev/null -b "$1" -w '%{time_total}\n' "$B$3"
	done | sort -n)
	printf '   %-40s %6.1f ms (min %.1f, max %.1f) %3d checkboxes\n' "$2" \
	    "$(echo "$times" | sed -n 11p | awk '{print $1*1000}')" \
	    "$(echo "$times" | head -1 | awk '{print $1*1000}')" \
	    "$(echo "$times" | tail -1 | awk '{print $1*1000}')" "$rows"
}

INST=$(sql "SELECT id FROM institution WHERE code = '90000000000000000001'")
ORG=$(sql "SELECT organisation_id FROM account WHERE login = 'borg00'")
[ -n "$INST" ] && [ -n "$ORG" ] || { echo "certs.sh: no gen.sh data" >&2; exit 1; }
echo "== $(sql "SELECT COUNT(*) FROM certificate") certificates; institution $INST: $(sql "SELECT COUNT(*) FROM certificate WHERE institution_id = $INST"), organisation $ORG: $(sql "SELECT COUNT(*) FROM certificate WHERE organisation_id = $ORG")"
deep() {	# where offset: the keyset id of a deep page
	sql "SELECT id FROM certificate WHERE $1 ORDER BY id LIMIT 1 OFFSET $2"
}
IPLAN=$(sql "SELECT plan_id FROM certificate WHERE institution_id = $INST GROUP BY plan_id ORDER BY COUNT(*) DESC, plan_id LIMIT 1")
ISTAT=$(sql "SELECT status FROM certificate WHERE institution_id = $INST AND plan_id = $IPLAN GROUP BY status ORDER BY COUNT(*) DESC LIMIT 1")
OPLAN=$(sql "SELECT id FROM exam_plan WHERE organisation_id = $ORG ORDER BY id LIMIT 1")
OSITE=$(sql "SELECT site_id FROM certificate WHERE organisation_id = $ORG AND id > 0 LIMIT 1")
INAME=$(sql "SELECT s.name FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.institution_id = $INST LIMIT 1")
NUM=$(sql "SELECT number FROM certificate WHERE organisation_id = $ORG ORDER BY id DESC LIMIT 1 OFFSET 777")
ename=$(printf %s "$INAME" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')

J=$S/jar.inst
login "$J" p90000000000000000001
echo "== 试点院校负责人 (institution $INST)"
median "$J" "first page" "/certs"
median "$J" "deep page (after the 1,980th)" "/certs?after=$(deep "institution_id = $INST" 1980)"
median "$J" "tab 考核站点待签发" "/certs?status=site_pending"
median "$J" "tab 确认签发, deep page" "/certs?status=confirmed&after=$(deep "institution_id = $INST AND status = 'confirmed'" 300)"
median "$J" "filter 考试计划" "/certs?plan=$IPLAN"
median "$J" "filter 考试计划 + tab, 100 per page" "/certs?plan=$IPLAN&status=$ISTAT&per=100"
median "$J" "filter 考试计划 + an empty tab" "/certs?plan=$IPLAN&status=org_rejected"
median "$J" "filter 学生姓名 $INAME" "/certs?name=$ename"
median "$J" "filter 学生类型 社会学员" "/certs?stype=%E7%A4%BE%E4%BC%9A%E5%AD%A6%E5%91%98"

J=$S/jar.org
login "$J" borg00
echo "== 培训评价组织 (organisation $ORG)"
median "$J" "first page" "/certs"
median "$J" "deep page (after the 49,980th)" "/certs?after=$(deep "organisation_id = $ORG" 49980)"
median "$J" "tab 培训评价组织待签发" "/certs?status=org_pending"
median "$J" "tab 确认签发, deep page" "/certs?status=confirmed&after=$(deep "organisation_id = $ORG AND status = 'confirmed'" 9000)"
median "$J" "filter 考试计划" "/certs?plan=$OPLAN"
median "$J" "filter 考试计划, deep page" "/certs?plan=$OPLAN&after=$(deep "plan_id = $OPLAN" 9900)"
median "$J" "filter 所属院校" "/certs?inst=$INST"
median "$J" "filter 考核站点" "/certs?site=$OSITE"
median "$J" "filter 证书编号" "/certs?number=$NUM"
median "$J" "filter 学生姓名 $INAME" "/certs?name=$ename"
median "$J" "filter 学生类型 社会学员" "/certs?stype=%E7%A4%BE%E4%BC%9A%E5%AD%A6%E5%91%98"

J=$S/jar.admin
login "$J" admin
echo "== 平台管理员 (informational)"
median "$J" "first page" "/certs"
median "$J" "deep page (after the 900,000th)" "/certs?after=$(deep "TRUE" 900000)"
median "$J" "tab 考核站点拒绝签发" "/certs?status=site_rejected"

# The list's statement as page_list.c runs it (STMT_L_ORG_NS, an
# organisation's tab, and STMT_L_INST_N), values in place of '?'.
res="AND (0 = 0 OR s.id_hmac = '') AND ('' = '' OR s.name = '')
	AND ('' = '' OR s.student_type = '') AND (0 = 0 OR c.institution_id = 0)
	AND ('' = '' OR c.number = '') AND (0 = 0 OR c.certificate_type_id = 0)
	AND (0 = 0 OR c.plan_id = 0) AND (0 = 0 OR c.site_id = 0)"
cols="SELECT STRAIGHT_JOIN c.id, s.name, i.code, t.name, o.name, p.name, r.status
	FROM certificate c FORCE INDEX (%s) JOIN student s ON s.id = c.student_id
	JOIN institution i ON i.id = c.institution_id
	JOIN certificate_type t ON t.id = c.certificate_type_id
	JOIN organisation o ON o.id = c.organisation_id
	JOIN exam_plan p ON p.id = c.plan_id JOIN exam_result r ON r.id = c.result_id
	LEFT JOIN institution si ON si.id = c.site_id"
echo "== EXPLAIN STMT_L_ORG_NS (organisation $ORG, tab confirmed, next page)"
sql "EXPLAIN $(printf "$cols" certificate_org) WHERE c.organisation_id = $ORG
	AND c.status = 'confirmed' AND (0 = 0 OR c.institution_id = 0)
	AND ($ORG = 0 OR c.organisation_id = $ORG) $res
	AND c.id > 0 ORDER BY c.id LIMIT 21" |
    awk -F'\t' '{ printf "   %-3s %-8s %-24s %-26s %-7s %s\n", $3, $4, $6, $8, $9, $10 }'
echo "== EXPLAIN STMT_L_INST_N (institution $INST, all tabs, next page)"
sql "EXPLAIN $(printf "$cols" certificate_inst_all) WHERE c.institution_id = $INST
	AND ($INST = 0 OR c.institution_id = $INST) AND (0 = 0 OR c.organisation_id = 0)
	$(echo "$res" | sed 's/AND (0 = 0 OR c.institution_id = 0)//')
	AND ('' = '' OR c.status = '')
	AND c.id > 0 ORDER BY c.id LIMIT 21" |
    awk -F'\t' '{ printf "   %-3s %-8s %-24s %-26s %-7s %s\n", $3, $4, $6, $8, $9, $10 }'
