#!/bin/bash
# t0240-listcache.sh: 证书发放管理 for many callers (issue 13, 0024).  The
# filters' choices each issuance process keeps are the database's on every
# request of every process: a new plan, a renamed institution, a new
# counter row (a first record of an organisation at an institution) show
# at once, and go again.  The tab counts of an organisation and of the
# platform without a filter come from certificate_count_org, which stays
# equal to the counters through an insert, a status move, a type edit
# and a delete, and the tabs equal a count of the records.
. "$(dirname "$0")/lib.sh"

tab() {
	if [ "$1" = all ]; then grep -o '全部 <b>[0-9]*' "$T/body" | grep -o '[0-9]*$'
	else grep -o "status=$1&amp;[^>]*>[^<]*<b>[0-9]*" "$T/body" | grep -o '[0-9]*$'; fi
}
cnt() { sql "SELECT COUNT(*) FROM certificate c WHERE $1"; }
# Rows of certificate_count_org that disagree with the counters they sum
# (either side missing counts as one).
orgdrift() {
	sql "SELECT COUNT(*) FROM (SELECT organisation_id o, student_type t,
	    status st, SUM(n) n FROM certificate_count GROUP BY 1, 2, 3) k
	    LEFT JOIN certificate_count_org g ON g.organisation_id = k.o
	    AND g.student_type = k.t AND g.status = k.st
	    WHERE g.n IS NULL OR g.n <> k.n"
	sql "SELECT COUNT(*) FROM certificate_count_org g WHERE g.n <> (SELECT
	    IFNULL(SUM(n), 0) FROM certificate_count k
	    WHERE k.organisation_id = g.organisation_id
	    AND k.student_type = g.student_type AND k.status = g.status)"
}
consistent() { is "$1: certificate_count_org equals the counters" "$(orgdrift | tr '\n' ' ')" "0 0 "; }
# tabs JAR WHERE LABEL: the unfiltered tabs of a caller equal a count.
tabs() {
	local st
	get "$1" /certs >/dev/null
	is "$1: $3 全部 counted exactly" "$(tab all)" "$(cnt "$2")"
	for st in org_pending site_pending confirmed org_rejected; do
		is "$1: $3 $st counted exactly" "$(tab $st)" \
		    "$(cnt "$2 AND c.status = '$st'")"
	done
}
# every JAR DESC TEXT [hasnt]: eight requests in a row (every process of
# the responder answers some) all show TEXT (or none does).
every() {
	local i n=0
	for i in 1 2 3 4 5 6 7 8; do
		get "$1" /certs >/dev/null
		grep -qF -- "$3" "$T/body" && n=$((n + 1))
	done
	is "$2" "$n" "$([ -n "${4:-}" ] && echo 0 || echo 8)"
}

I1=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
O1=$(sql "SELECT id FROM organisation WHERE number_code = '156000'")
is "principal logs in" "$(login p p21020000000000000000)" 303
is "organisation zcjy logs in" "$(login z zcjy)" 303
is "admin logs in" "$(login a admin)" 303
consistent "as migrated"
tabs a "TRUE" "the platform's"
tabs z "c.organisation_id = $O1" "the organisation's"
# every process has shown (and kept) its choices now
for j in p z a; do for i in 1 2 3 4 5 6; do get $j /certs >/dev/null; done; done

# --- a new plan of zcjy at I1 is a choice at once, for every caller ------------
T1=$(sql "SELECT id FROM certificate_type WHERE organisation_id = $O1 LIMIT 1")
P=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id, name,
    exam_date) VALUES ($O1, $T1, '缓存测试计划', '2026-12-30');
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($P, $I1)"
OPT="<option value=\"$P\">缓存测试计划</option>"
every z "zcjy: the new plan is a choice on every request" "$OPT"
every p "principal: the new plan (a site of it) is a choice on every request" "$OPT"
every a "admin: the new plan is a choice on every request" "$OPT"
sql "UPDATE exam_plan SET name = '缓存测试计划二' WHERE id = $P"
every a "admin: the plan's new name on every request" \
    "<option value=\"$P\">缓存测试计划二</option>"
every a "admin: its old name on none" "$OPT" hasnt
sql "DELETE FROM exam_site WHERE plan_id = $P; DELETE FROM exam_plan WHERE id = $P"
every p "principal: the removed plan is a choice on no request" \
    "<option value=\"$P\">缓存测试计划二</option>" hasnt
every a "admin: nor for the platform" \
    "<option value=\"$P\">缓存测试计划二</option>" hasnt

# --- a renamed institution is shown by its new name ----------------------------
IN=$(sql "SELECT name FROM institution WHERE id = $I1")
sql "UPDATE institution SET name = '缓存测试院校' WHERE id = $I1"
every a "admin: the institution's new name on every request" \
    "<option value=\"$I1\">21020000000000000000 缓存测试院校</option>"
sql "UPDATE institution SET name = '$IN' WHERE id = $I1"
every a "admin: and its name again" \
    "<option value=\"$I1\">21020000000000000000 $IN</option>"

# --- the rows name their plan, type and organisation as they are now ----------
# (each process names the rows' ids from its copy of those tables, names.c)
get p /certs >/dev/null
NUM=$(grep -o '<dt>证书编号</dt><dd class="mono">[^<]*' "$T/body" | head -1 | sed 's/.*>//')
is "the principal's page shows a record" "$([ -n "$NUM" ] && echo yes)" yes
read -r RP RT RO <<<"$(sql "SELECT plan_id, certificate_type_id, organisation_id
    FROM certificate WHERE number = '$NUM'")"
RPN=$(sql "SELECT name FROM exam_plan WHERE id = $RP")
RTN=$(sql "SELECT name FROM certificate_type WHERE id = $RT")
RON=$(sql "SELECT name FROM organisation WHERE id = $RO")
every p "principal: the row's plan by its name" "<dt>考试计划</dt><dd>$RPN</dd>"
sql "UPDATE exam_plan SET name = '行名测试计划' WHERE id = $RP;
    UPDATE certificate_type SET name = '行名测试证书' WHERE id = $RT;
    UPDATE organisation SET name = '行名测试机构' WHERE id = $RO"
every p "principal: the row's renamed plan on every request" \
    "<dt>考试计划</dt><dd>行名测试计划</dd>"
every p "principal: the row's renamed certificate type on every request" \
    "<dt>证书名称</dt><dd>行名测试证书</dd>"
every p "principal: the row's renamed organisation on every request" \
    "<dt>颁证机构</dt><dd>行名测试机构</dd>"
every p "principal: the plan's old name on no row" \
    "<dt>考试计划</dt><dd>$RPN</dd>" hasnt
is "the principal's export" "$(get p "/certs/export.xlsx?number=$NUM" "$T/n.xlsx")" 200
xl "$T/n.xlsx" >"$T/n.txt"
has "the export names the renamed plan" "$T/n.txt" 行名测试计划
has "and the renamed organisation" "$T/n.txt" 行名测试机构
sql "UPDATE exam_plan SET name = '$RPN' WHERE id = $RP;
    UPDATE certificate_type SET name = '$RTN' WHERE id = $RT;
    UPDATE organisation SET name = '$RON' WHERE id = $RO"
every p "principal: the row's plan by its name again" "<dt>考试计划</dt><dd>$RPN</dd>"

# --- a first counter row of another organisation at I1 -------------------------
# (the principal's 颁证机构 lists the organisations of its records and sites)
O2=$(sql "SELECT o.id FROM organisation o WHERE o.id NOT IN (SELECT
    organisation_id FROM certificate_count WHERE institution_id = $I1)
    AND o.id NOT IN (SELECT ep.organisation_id FROM exam_plan ep JOIN exam_site es
    ON es.plan_id = ep.id WHERE es.institution_id = $I1) ORDER BY o.id LIMIT 1")
is "an organisation without records or sites at I1" "$([ -n "$O2" ] && echo yes)" yes
O2N=$(sql "SELECT name FROM organisation WHERE id = $O2")
every p "principal: not a choice before" "<option value=\"$O2\">$O2N</option>" hasnt
P2=$(sql "SELECT id FROM exam_plan WHERE organisation_id = $O2 LIMIT 1")
T2=$(sql "SELECT certificate_type_id FROM exam_plan WHERE id = $P2")
V0=$(sql "SELECT IFNULL((SELECT v FROM choice_version WHERE scope = 'inst' AND scope_id = $I1), 0)")
sql "INSERT INTO certificate_count (organisation_id, institution_id, plan_id,
    certificate_type_id, student_type, status, n)
    VALUES ($O2, $I1, $P2, $T2, '院校学生', 'org_pending', 0)"
is "a new counter row bumps the institution's version" \
    "$(sql "SELECT v > $V0 FROM choice_version WHERE scope = 'inst' AND scope_id = $I1")" 1
every p "principal: the organisation is a choice on every request" \
    "<option value=\"$O2\">$O2N</option>"
sql "DELETE FROM certificate_count WHERE organisation_id = $O2 AND institution_id = $I1"
every p "principal: and no more once the row is gone" \
    "<option value=\"$O2\">$O2N</option>" hasnt
consistent "after a counter row came and went"

# --- the organisations' totals through a record's life -------------------------
R=$(sql "SELECT r.id FROM exam_result r JOIN student s ON s.id = r.student_id
    JOIN exam_plan p ON p.id = r.plan_id WHERE p.organisation_id = $O1
    AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.result_id = r.id)
    ORDER BY r.id LIMIT 1")
is "a result of zcjy without a record" "$([ -n "$R" ] && echo yes)" yes
C=$(sql "INSERT INTO certificate (number, result_id, student_id, institution_id,
    organisation_id, certificate_type_id, plan_id, status)
    SELECT '99999999999999999999998', r.id, r.student_id, s.institution_id,
    p.organisation_id, p.certificate_type_id, r.plan_id, 'org_pending'
    FROM exam_result r JOIN student s ON s.id = r.student_id
    JOIN exam_plan p ON p.id = r.plan_id WHERE r.id = $R;
    SELECT LAST_INSERT_ID()")
consistent "after an insert"
tabs a "TRUE" "after an insert, the platform's"
tabs z "c.organisation_id = $O1" "after an insert, the organisation's"
sql "UPDATE certificate SET status = 'org_rejected' WHERE id = $C"
consistent "after a status move"
tabs z "c.organisation_id = $O1" "after a status move, the organisation's"
SC=$(sql "SELECT student_id FROM certificate WHERE id = $C")
ST=$(sql "SELECT student_type FROM student WHERE id = $SC")
NT=$([ "$ST" = 院校学生 ] && echo 社会学员 || echo 院校学生)
sql "UPDATE student SET student_type = '$NT' WHERE id = $SC"
consistent "after a type edit"
get a "/certs?stype=$NT" >/dev/null
is "admin: ?stype=$NT counts it" "$(tab all)" \
    "$(sql "SELECT COUNT(*) FROM certificate WHERE student_type = '$NT'")"
sql "UPDATE student SET student_type = '$ST' WHERE id = $SC"
sql "UPDATE certificate SET status = 'org_pending' WHERE id = $C"
sql "DELETE FROM certificate WHERE id = $C"
consistent "after a delete"
tabs a "TRUE" "after a delete, the platform's"
done_testing
