#!/bin/bash
# t0261-certlist-name.sh: 证书发放管理 by name at national scale (issue 13,
# 0026).  A name many holders share, in two institutions and two
# organisations: every role's rows (pages forward and back, 20 per page)
# and tab counts by that name alone and with each other filter equal the
# records by SQL; the tab counts come with the choices' version in one
# statement, so a new plan still shows on the next page.  The filters'
# options are rendered once per kept list and spliced into each page: a
# value that looks like the splice mark is shown escaped and splices
# nothing.  A session is touched (last_seen) only when last seen over
# 30 s ago, not on every request.
. "$(dirname "$0")/lib.sh"

ids() { grep -o 'name="id" value="[0-9]*" form="batch"' "${1:-$T/body}" | grep -o '[0-9][0-9]*' | tr '\n' ' '; }
tab() {
	if [ "$1" = all ]; then grep -o '全部 <b>[0-9]*' "$T/body" | grep -o '[0-9]*$'
	else grep -o "status=$1&amp;[^>]*>[^<]*<b>[0-9]*" "$T/body" | grep -o '[0-9]*$'; fi
}
# want WHERE [LIMIT [DESC]]: the ids the list should show, oldest first.
want() {
	sql "SELECT id FROM (SELECT c.id FROM certificate c
	    JOIN student s ON s.id = c.student_id WHERE $1
	    ORDER BY c.id ${3:-} LIMIT ${2:-20}) x ORDER BY id" | tr '\n' ' '
}
cnt() { sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id WHERE $1"; }
urlenc() { /usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

I1=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
I2=$(sql "SELECT id FROM institution WHERE code = '11010000000000000031'")
O1=$(sql "SELECT id FROM organisation WHERE number_code = '156000'")
O2=$(sql "SELECT id FROM organisation WHERE number_code = '156002'")

# The shared name: on 30 of I1's records and on I2's, set on the
# records' own copy of the name (what 0021's trigger keeps; a holder's
# identity cannot change once a record is pending or issued).  Names and
# types come back at the end (later suites).
NM=同名测试
E=$(urlenc "$NM")
C1=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 ORDER BY id LIMIT 30" | paste -sd,)
C2=$(sql "SELECT id FROM certificate WHERE institution_id = $I2 ORDER BY id LIMIT 12" | paste -sd,)
sql "DROP TABLE IF EXISTS t0261_keep; CREATE TABLE t0261_keep AS
    SELECT c.id, c.student_name, s.id AS sid, s.student_type FROM certificate c
    JOIN student s ON s.id = c.student_id WHERE c.id IN ($C1,$C2);
    UPDATE certificate SET student_name = '$NM' WHERE id IN ($C1,$C2)"
N=$(cnt "c.student_name = '$NM'")
check "the name is on records of both institutions" \
    test "$(cnt "c.student_name = '$NM' AND c.institution_id = $I2")" -gt 0 -a \
    "$(cnt "c.student_name = '$NM' AND c.institution_id = $I1")" -gt 20

is "principal logs in" "$(login p p21020000000000000000)" 303
is "business admin logs in" "$(login b biz2102)" 303
is "organisation zcjy logs in" "$(login z zcjy)" 303
is "organisation hxzz logs in" "$(login h hxzz)" 303
is "admin logs in" "$(login a admin)" 303

P1=$(sql "SELECT plan_id FROM certificate WHERE student_name = '$NM' AND institution_id = $I1 GROUP BY plan_id ORDER BY COUNT(*) DESC LIMIT 1")
TY1=$(sql "SELECT certificate_type_id FROM certificate WHERE student_name = '$NM' AND institution_id = $I1 LIMIT 1")
SI1=$(sql "SELECT site_id FROM certificate WHERE student_name = '$NM' AND site_id IS NOT NULL LIMIT 1")
ST1=$(sql "SELECT status FROM certificate WHERE student_name = '$NM' AND institution_id = $I1 GROUP BY status ORDER BY COUNT(*) DESC LIMIT 1")
# check1 JAR SCOPE-WHERE QUERY WHERE [STATUS]: rows and tab counts.
check1() {
	local st=${5:-} w="$2 AND c.student_name = '$NM' AND $4" s
	get "$1" "/certs?name=$E&$3${st:+&status=$st}" >/dev/null
	is "$1: ?name&$3${st:+&status=$st} shows its rows" "$(ids)" \
	    "$(want "$w${st:+ AND c.status = '$st'}")"
	is "$1: ?name&$3 counts them (全部)" "$(tab all)" "$(cnt "$w")"
	for s in org_pending site_pending confirmed; do
		is "$1: ?name&$3 counts them ($s)" "$(tab $s)" \
		    "$(cnt "$w AND c.status = '$s'")"
	done
}
# pages JAR SCOPE-WHERE: the next page after the first and back again.
pages() {
	local w="$2 AND c.student_name = '$NM'" last first
	get "$1" "/certs?name=$E" >/dev/null
	last=$(ids | awk '{ print $NF }')
	[ -n "$last" ] || { nok "$1: a first page by name"; return; }
	if [ "$(cnt "$w")" -gt 20 ]; then
		has "$1: by name, a next page" "$T/body" "after=$last&amp;"
		get "$1" "/certs?name=$E&after=$last" >/dev/null
		is "$1: by name, the next page" "$(ids)" "$(want "$w AND c.id > $last")"
		first=$(ids | awk '{ print $1 }')
		get "$1" "/certs?name=$E&before=$first" >/dev/null
		is "$1: by name, back to the first page" "$(ids)" "$(want "$w")"
		get "$1" "/certs?name=$E&status=$ST1&after=$last" >/dev/null
		is "$1: by name in a tab, after an id" "$(ids)" \
		    "$(want "$w AND c.status = '$ST1' AND c.id > $last")"
		get "$1" "/certs?name=$E&status=$ST1&before=$last" >/dev/null
		if [ "$(cnt "$w AND c.status = '$ST1' AND c.id < $last")" -ge 20 ]; then
			is "$1: by name in a tab, before an id" "$(ids)" \
			    "$(want "$w AND c.status = '$ST1' AND c.id < $last" 20 DESC)"
		else	# (fewer before it: the tab's first page)
			is "$1: by name in a tab, before an id" "$(ids)" \
			    "$(want "$w AND c.status = '$ST1'")"
		fi
	fi
}
STY=$(urlenc 社会学员)
sql "UPDATE student SET student_type = '社会学员' WHERE id IN
    ($(sql "SELECT sid FROM t0261_keep WHERE id % 3 = 0" | paste -sd,))"
for j in p b z h a; do
	case $j in
	p|b) W="c.institution_id = $I1" ;;
	z) W="c.organisation_id = $O1" ;;
	h) W="c.organisation_id = $O2" ;;
	a) W="TRUE" ;;
	esac
	check1 $j "$W" "per=20" "TRUE"
	check1 $j "$W" "per=20" "TRUE" "$ST1"
	check1 $j "$W" "stype=$STY" "c.student_type = '社会学员'"
	check1 $j "$W" "plan=$P1" "c.plan_id = $P1"
	check1 $j "$W" "type=$TY1" "c.certificate_type_id = $TY1"
	check1 $j "$W" "site=$SI1" "c.site_id = $SI1"
	check1 $j "$W" "inst=$I2" "c.institution_id = $I2"
	check1 $j "$W" "org=$O1&stype=$STY" "c.organisation_id = $O1 AND c.student_type = '社会学员'"
	check1 $j "$W" "plan=$P1&status=$ST1" "c.plan_id = $P1" "$ST1"
	pages $j "$W"
done
# --- by name, an organisation reads its own records of the name only ------
# (the rows read for the page, less those of a name nobody has: the
# counts and the page of hxzz's records, about 13 rows each with their
# joins and preflight, not every record of the name twice: 119 rows for
# 5 of 38 before 0026, 65 with it alone, 84 after the other suites)
rowsread() {	# the least of three (the job worker reads too, seldom)
	local a b i m=
	for i in 1 2 3; do
		a=$(sql "SHOW GLOBAL STATUS LIKE 'Rows_read'" | cut -f2)
		get h "/certs?name=$1" >/dev/null
		b=$(sql "SHOW GLOBAL STATUS LIKE 'Rows_read'" | cut -f2)
		[ -z "$m" ] || [ $((b - a)) -lt "$m" ] && m=$((b - a))
	done
	echo "$m"
}
H=$(cnt "c.organisation_id = $O2 AND c.student_name = '$NM'")
rowsread "$E" >/dev/null
R0=$(rowsread "$(urlenc 没有这个人)")
R1=$(rowsread "$E")
check "hxzz by name: rows read for its $H records ($((R1 - R0))), not the name's $N" \
    test $((R1 - R0)) -le $((H * 13 + N))
get a "/certs?name=$(urlenc 没有这个人)" >/dev/null
is "a name nobody has: no rows" "$(ids)" ""
is "and counts nothing" "$(tab all)" 0

# --- the counts bring the choices' version: a new plan shows at once ------
get z /certs >/dev/null
TYZ=$(sql "SELECT id FROM certificate_type WHERE organisation_id = $O1 LIMIT 1")
sql "INSERT INTO exam_plan (organisation_id, certificate_type_id, name, exam_date) VALUES ($O1, $TYZ, '同名测试新计划', '2031-01-01')"
PN=$(sql "SELECT id FROM exam_plan WHERE name = '同名测试新计划'")
# shown DESC QUERY: six requests in a row (every process) offer the plan.
shown() {
	local i n=0
	for i in 1 2 3 4 5 6; do
		get z "/certs?$2" >/dev/null
		grep -qF "<option value=\"$PN\">同名测试新计划</option>" "$T/body" &&
		    n=$((n + 1))
	done
	is "$1" "$n" 6
}
shown "zcjy: a new plan is a choice on every request by name" "name=$E"
shown "zcjy: and under a filter that cannot match (no counts)" "number=1"
sql "DELETE FROM exam_plan WHERE id = $PN"
get z /certs >/dev/null
hasnt "and it goes again" "$T/body" "同名测试新计划"

# --- the options: spliced once, exactly as rendered -----------------------
get a /certs "$T/a.html" >/dev/null
is "admin: each institution is a choice twice (所属院校, 考核站点)" \
    "$(grep -o "<option value=\"$I2\">11010000000000000031 [^<]*</option>" "$T/a.html" | wc -l)" 2
hasnt "no splice mark is left in the page" "$T/a.html" "<!--xc:frag"
NI=$(sql "SELECT COUNT(*) FROM institution")
# opts FILE SELECT: the options of one select, one a line.
opts() {
	/usr/bin/python3 -c 'import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search("<select name=\"%s\">(.*?)</select>" % sys.argv[2], page, re.S)
print("\n".join(re.findall("<option[^>]*>[^<]*</option>", m.group(1)) if m else []))' "$1" "$2"
}
is "admin: all $NI institutions in 所属院校 (and the choice 全部)" \
    "$(opts "$T/a.html" inst | wc -l)" "$((NI + 1))"
is "admin: 考核站点 lists the same" "$(opts "$T/a.html" site | tail -n +2 | md5sum)" \
    "$(opts "$T/a.html" inst | tail -n +2 | md5sum)"
is "admin: the institutions by code" "$(opts "$T/a.html" inst | tail -n +2 | sed 's/.*">//;s/ .*//' | md5sum)" \
    "$(sql "SELECT code FROM institution ORDER BY code" | md5sum)"
get a "/certs?plan=$P1" "$T/a2.html" >/dev/null
is "the options under a chosen plan are the same institutions, in order" \
    "$(opts "$T/a2.html" inst | md5sum)" "$(opts "$T/a.html" inst | md5sum)"
is "and the same plans, one selected" \
    "$(opts "$T/a2.html" plan | sed 's/ selected//' | md5sum)" "$(opts "$T/a.html" plan | md5sum)"
has "and the plan is selected" "$T/a2.html" "<option value=\"$P1\" selected>"
MK='<!--xc:frag 0-->'
get a "/certs?name=$(urlenc "$MK")" "$T/a3.html" >/dev/null
has "a name like the splice mark is echoed escaped" "$T/a3.html" 'value="&lt;!--xc:frag 0--&gt;"'
is "and splices nothing (所属院校 as without it)" \
    "$(opts "$T/a3.html" inst | md5sum)" "$(opts "$T/a.html" inst | md5sum)"
is "nor in 考核站点" "$(opts "$T/a3.html" site | md5sum)" "$(opts "$T/a.html" site | md5sum)"
sql "UPDATE institution SET name = CONCAT(name, '<!--xc:frag 1-->') WHERE id = $I2"
get a /certs "$T/a4.html" >/dev/null
has "an institution named like the mark is shown escaped in the options" \
    "$T/a4.html" "<option value=\"$I2\">11010000000000000031 $(sql "SELECT REPLACE(REPLACE(name, '<', '&lt;'), '>', '&gt;') FROM institution WHERE id = $I2")</option>"
is "each institution still once per list" \
    "$(opts "$T/a4.html" inst | wc -l) $(opts "$T/a4.html" site | wc -l)" "$((NI + 1)) $((NI + 1))"
sql "UPDATE institution SET name = REPLACE(name, '<!--xc:frag 1-->', '') WHERE id = $I2"
sql "UPDATE certificate c JOIN t0261_keep k ON k.id = c.id
    SET c.student_name = k.student_name;
    UPDATE student s JOIN t0261_keep k ON k.sid = s.id
    SET s.student_type = k.student_type; DROP TABLE t0261_keep"
is "the holders have their names again" "$(cnt "c.student_name = '$NM'")" 0

# --- the session is touched when last seen over 30 s ago -----------------
AID=$(sql "SELECT id FROM account WHERE login = 'admin'")
sql "UPDATE session SET last_seen = NOW() - INTERVAL 5 MINUTE WHERE account_id = $AID"
get a /certs >/dev/null
is "a session last seen 5 min ago is touched (the caller's)" \
    "$(sql "SELECT COUNT(*) FROM session WHERE account_id = $AID AND last_seen > NOW() - INTERVAL 20 SECOND")" 1
sql "UPDATE session SET last_seen = NOW() - INTERVAL 10 SECOND WHERE account_id = $AID"
T0=$(sql "SELECT MAX(last_seen) FROM session WHERE account_id = $AID")
get a /certs >/dev/null
is "one last seen 10 s ago is not written again" \
    "$(sql "SELECT MAX(last_seen) FROM session WHERE account_id = $AID")" "$T0"

done_testing
