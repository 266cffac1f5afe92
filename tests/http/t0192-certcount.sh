#!/bin/bash
# t0192-certcount.sh: 证书发放管理 by 学生类型 and by name at scale (issue
# 13, 0021): the holder's type and name copied onto every record, and the
# counters keyed by the type, exact through a new record, an edit of the
# student's type or name, a move of status and a delete, and equal to a
# recount from scratch; the tab counts of a 学生类型 filter for each role
# equal a count joined to the students.
. "$(dirname "$0")/lib.sh"

urlenc() { /usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1]))' "$1"; }
ids() { grep -o 'name="id" value="[0-9]*" form="batch"' "$T/body" | grep -o '[0-9][0-9]*' | tr '\n' ' '; }
tab() {
	if [ "$1" = all ]; then grep -o '全部 <b>[0-9]*' "$T/body" | grep -o '[0-9]*$'
	else grep -o "status=$1&amp;[^>]*>[^<]*<b>[0-9]*" "$T/body" | grep -o '[0-9]*$'; fi
}
cnt() { sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id WHERE $1"; }
want() {
	sql "SELECT c.id FROM certificate c JOIN student s ON s.id = c.student_id
	    WHERE $1 ORDER BY c.id LIMIT 20" | tr '\n' ' '
}
# Rows of the copies that disagree with the students; of the counters
# that disagree with a recount (either side missing counts as one).
stale() {
	sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id
	    WHERE c.student_type <> s.student_type OR c.student_name <> s.name"
}
drift() { count_drift | head -n 2; }
consistent() {	# label
	is "$1: every record carries its holder's type and name" "$(stale)" 0
	is "$1: the counters equal a recount" "$(drift | tr '\n' ' ')" "0 0 "
}
STY=$(urlenc 社会学员)
# tabs JAR SCOPE-WHERE QUERY WHERE: the tab counts of a filter, exact.
tabs() {
	local st
	get "$1" "/certs?$3" >/dev/null
	is "$1: ?$3 counts 全部 exactly" "$(tab all)" "$(cnt "$2 AND $4")"
	for st in org_pending site_pending confirmed; do
		is "$1: ?$3 counts $st exactly" "$(tab $st)" \
		    "$(cnt "$2 AND $4 AND c.status = '$st'")"
	done
	is "$1: ?$3 shows its first page" "$(ids)" "$(want "$2 AND $4")"
}

I1=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
O1=$(sql "SELECT id FROM organisation WHERE number_code = '156000'")
P1=$(sql "SELECT plan_id FROM certificate WHERE institution_id = $I1 LIMIT 1")
is "principal logs in" "$(login p p21020000000000000000)" 303
is "organisation zcjy logs in" "$(login z zcjy)" 303
is "admin logs in" "$(login a admin)" 303
consistent "as migrated"

# --- the type filter's counts come from the counters, exactly ----------------
for t in "$STY" "$(urlenc 院校学生)"; do
	tv=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$t")
	tabs a "TRUE" "stype=$t" "s.student_type = '$tv'"
	tabs z "c.organisation_id = $O1" "stype=$t" "s.student_type = '$tv'"
	tabs p "c.institution_id = $I1" "stype=$t" "s.student_type = '$tv'"
	tabs z "c.organisation_id = $O1" "stype=$t&plan=$P1" "s.student_type = '$tv' AND c.plan_id = $P1"
	tabs a "TRUE" "stype=$t&inst=$I1" "s.student_type = '$tv' AND c.institution_id = $I1"
done

# --- an edit of the student's type moves every record's count ----------------
S=$(sql "SELECT c.student_id FROM certificate c JOIN student s ON s.id = c.student_id
    WHERE c.institution_id = $I1 AND s.student_type = '院校学生' ORDER BY c.id LIMIT 1")
N=$(sql "SELECT COUNT(*) FROM certificate WHERE student_id = $S")
get a "/certs?stype=$STY" >/dev/null; before=$(tab all)
sql "UPDATE student SET student_type = '社会学员' WHERE id = $S"
is "the student's records now carry 社会学员" \
    "$(sql "SELECT COUNT(*) FROM certificate WHERE student_id = $S AND student_type = '社会学员'")" "$N"
get a "/certs?stype=$STY" >/dev/null
is "admin: 社会学员 counts the student's $N record(s) more" "$(tab all)" $((before + N))
tabs p "c.institution_id = $I1" "stype=$STY" "s.student_type = '社会学员'"
consistent "after a type edit"
sql "UPDATE student SET student_type = '院校学生' WHERE id = $S"
get a "/certs?stype=$STY" >/dev/null
is "admin: and back" "$(tab all)" "$before"
consistent "after the type edit back"

# --- a new record copies its holder, a status move and a delete count ---------
# (a result of a student of I1 without records, so the name may change;
# the triggers are the path every insert takes, whatever its result)
R=$(sql "SELECT r.id FROM exam_result r JOIN student s ON s.id = r.student_id
    WHERE s.institution_id = $I1 AND NOT EXISTS (SELECT 1 FROM certificate c
    WHERE c.student_id = s.id) ORDER BY r.id LIMIT 1")
is "a student of I1 without records to give one" "$([ -n "$R" ] && echo yes)" yes
sql "UPDATE student s JOIN exam_result r ON r.student_id = s.id
    SET s.student_type = '社会学员' WHERE r.id = $R"
get p "/certs?stype=$STY" >/dev/null; before=$(tab all)
C=$(sql "INSERT INTO certificate (number, result_id, student_id, institution_id,
    organisation_id, certificate_type_id, plan_id, status)
    SELECT '99999999999999999999999', r.id, r.student_id, s.institution_id,
    p.organisation_id, p.certificate_type_id, r.plan_id, 'org_pending'
    FROM exam_result r JOIN student s ON s.id = r.student_id
    JOIN exam_plan p ON p.id = r.plan_id WHERE r.id = $R;
    SELECT LAST_INSERT_ID()")
is "a new record copies its holder's type and name" \
    "$(sql "SELECT c.student_type = s.student_type AND c.student_name = s.name
    FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.id = $C")" 1
consistent "after an insert"
tabs p "c.institution_id = $I1" "stype=$STY" "s.student_type = '社会学员'"
sql "UPDATE certificate SET status = 'org_rejected' WHERE id = $C"
consistent "after a status move"
tabs p "c.institution_id = $I1" "stype=$STY" "s.student_type = '社会学员'"
SC=$(sql "SELECT student_id FROM certificate WHERE id = $C")
# --- a name edit reaches the records: the name filter finds the new name ------
OLDN=$(sql "SELECT name FROM student WHERE id = $SC")
if sql "UPDATE student SET name = '测试改名' WHERE id = $SC" 2>/dev/null; then
	is "the record carries the new name" "$(sql "SELECT student_name FROM certificate WHERE id = $C")" 测试改名
	get p "/certs?name=$(urlenc 测试改名)" >/dev/null
	is "principal: ?name= finds it by the new name" "$(ids)" "$(want "c.institution_id = $I1 AND s.name = '测试改名'")"
	is "principal: ?name= counts it" "$(tab all)" "$(cnt "c.institution_id = $I1 AND s.name = '测试改名'")"
	consistent "after a name edit"
	sql "UPDATE student SET name = '$OLDN' WHERE id = $SC"
else
	nok "the student's name could be edited (the holder's other records are frozen)"
fi
sql "UPDATE certificate SET status = 'org_pending' WHERE id = $C"
consistent "after the re-issue"
sql "DELETE FROM certificate WHERE id = $C"
is "the unsigned record is gone" "$(sql "SELECT COUNT(*) FROM certificate WHERE id = $C")" 0
consistent "after a delete"
get p "/certs?stype=$STY" >/dev/null
is "principal: 社会学员 counts as before the insert" "$(tab all)" "$before"
done_testing
