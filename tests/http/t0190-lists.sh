#!/bin/bash
# t0190-lists.sh: 学生信息 at scale (issue 13, 0019): keyset pages in
# (institution, id) order for every role walked forwards and back against
# the database's own order; the organisation's students kept by the
# triggers on registration (org_student), and the per-ID-number counts
# behind 待完善's duplicate list (student_hmac_count), exact through
# insert, delete and update, and equal to a recount from scratch.
. "$(dirname "$0")/lib.sh"

urlenc() { /usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1]))' "$1"; }
# The student ids of a list page, in page order; the pager's links.
ids() { grep -o '<tr><td><a href="/students/[0-9]*"' "$T/body" |
    sed 's/.*students\///;s/"//'; }
link() { grep -o "href=\"/students?page=[^\"]*$1=[^\"]*\"" "$T/body" |
    sed 's/^href="//;s/"$//;s/&amp;/\&/g'; }

# walk JAR WHERE: every page forwards, then back from the last; checks
# against SELECT ... WHERE (the scope) ORDER BY institution_id, id.
walk() {
	local jar=$1 want url n=0 first last back
	want=$(sql "SELECT id FROM student s WHERE $2 ORDER BY institution_id, id")
	: > "$T/walk"
	url=/students
	while [ -n "$url" ] && [ $n -lt 50 ]; do
		get "$jar" "$url" >/dev/null
		ids >> "$T/walk"
		[ $n = 0 ] && first=$(ids)
		n=$((n + 1))
		last=$url
		url=$(link after)
	done
	is "$jar: $n pages hold the scope's students in (institution, id) order" \
	    "$(cat "$T/walk")" "$want"
	is "$jar: 50 on the first page" "$(echo "$first" | wc -l)" 50
	back=$(link before)
	while [ -n "$back" ]; do
		get "$jar" "$back" >/dev/null
		back=$(link before)
	done
	is "$jar: 上一页 from page $n leads back to the first page" "$(ids)" "$first"
	has "$jar: and calls it 第 1 页" "$T/body" "第 1 页"
	hasnt "$jar: with no 上一页 there" "$T/body" "上一页"
	[ "$last" != /students ] || nok "$jar: more than one page to walk"
}

is "admin logs in" "$(login a admin)" 303
is "zcjy logs in" "$(login o zcjy)" 303
is "the principal logs in" "$(login i p21020000000000000000)" 303
# Enough students for every scope to have two pages.
sql "INSERT INTO student (institution_id, name, gender, id_hmac, id_cipher,
    id_mask) SELECT 1, CONCAT('翻页', seq), '女', UNHEX(SHA2(CONCAT('t0190-',
    seq), 256)), 'x', '110101*****0000' FROM seq_1_to_60"
sql "INSERT INTO registration (plan_id, student_id, institution_id)
    SELECT 1, id, 1 FROM student WHERE name LIKE '翻页%'"
walk a "TRUE"
walk o "id IN (SELECT r.student_id FROM registration r
    JOIN exam_plan p ON p.id = r.plan_id WHERE p.organisation_id = 1)"
walk i "institution_id = 1"
is "a key that is not one: 400" "$(get a '/students?after=12')" 400
is "a key with a missing id: 400" "$(get a '/students?before=1.')" 400
is "a key of text: 400" "$(get a '/students?after=1.x')" 400

# org_student: one row per (organisation, student), n registrations.
S=$(sql "SELECT id FROM student WHERE name = '翻页7'")
osn() { sql "SELECT IFNULL(SUM(n), 0) FROM org_student
    WHERE organisation_id = 1 AND student_id = $S"; }
listed() {	# DESC JAR WANT(yes/no): is S on the organisation's list?
	local got=no
	get "$2" "/students?name=$(urlenc 翻页7)" >/dev/null
	ids | grep -qx "$S" && got=yes
	is "$1" "$got" "$3"
}
# The plans by their organisations, not by id (other suites add plans):
# P1 the one S is registered in, P3 another of zcjy's (this suite's own),
# P2 one of hxzz's.
P1=$(sql "SELECT plan_id FROM registration WHERE student_id = $S
    ORDER BY plan_id LIMIT 1")
P3=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id, name,
    exam_date) SELECT organisation_id, certificate_type_id,
    CONCAT(name, '（t0190）'), exam_date FROM exam_plan WHERE id = $P1
    RETURNING id")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($P3, 1)"
P2=$(sql "SELECT id FROM exam_plan WHERE organisation_id = 2
    ORDER BY id LIMIT 1")
is "one registration: n = 1" "$(osn)" 1
listed "registered: on zcjy's list (filtered by name)" o yes
sql "INSERT INTO registration (plan_id, student_id, institution_id)
    VALUES ($P3, $S, 1)"
is "a second plan of the same organisation: n = 2" "$(osn)" 2
sql "DELETE FROM registration WHERE plan_id = $P1 AND student_id = $S"
is "one of the two deleted: n = 1" "$(osn)" 1
listed "still on zcjy's list" o yes
sql "UPDATE registration SET plan_id = $P2, institution_id = 2
    WHERE plan_id = $P3 AND student_id = $S"
is "moved to hxzz's plan: gone from zcjy's" "$(osn)" 0
is "and counted for hxzz" "$(sql "SELECT n FROM org_student
    WHERE organisation_id = 2 AND student_id = $S")" 1
listed "not on zcjy's list any more" o no
is "hxzz logs in" "$(login h hxzz)" 303
listed "but on hxzz's" h yes
sql "DELETE FROM registration WHERE student_id = $S"
is "the last registration deleted: no row left" \
    "$(sql "SELECT COUNT(*) FROM org_student WHERE student_id = $S")" 0
listed "and on nobody's list" h no
sql "UPDATE student SET institution_id = 2 WHERE id = $S" > "$T/err" 2>&1
has "a student keeps its institution (the list keys on it)" "$T/err" \
    "a student keeps its institution"
is "the refused move left it where it was" \
    "$(sql "SELECT institution_id FROM student WHERE id = $S")" 1
is "org_student equals a recount from the registrations" "$(sql "
    SELECT COUNT(*) FROM (SELECT p.organisation_id, s.institution_id,
    r.student_id, COUNT(*) n FROM registration r
    JOIN exam_plan p ON p.id = r.plan_id JOIN student s ON s.id = r.student_id
    GROUP BY 1, 2, 3) x LEFT JOIN org_student o
    ON o.organisation_id = x.organisation_id
    AND o.institution_id = x.institution_id AND o.student_id = x.student_id
    WHERE o.n IS NULL OR o.n <> x.n")|$(sql "SELECT COUNT(*) FROM org_student")" \
    "0|$(sql "SELECT COUNT(*) FROM (SELECT DISTINCT p.organisation_id,
    r.student_id FROM registration r JOIN exam_plan p ON p.id = r.plan_id) x")"

# student_hmac_count: the same ID number at a second institution.
H=$(sql "SELECT HEX(id_hmac) FROM student WHERE name = '翻页9'")
hn() { sql "SELECT IFNULL(SUM(n), 0) FROM student_hmac_count
    WHERE id_hmac = UNHEX('$H')"; }
is "one student holds it: n = 1" "$(hn)" 1
get o /students/corrections >/dev/null
hasnt "not a duplicate for zcjy" "$T/body" "110101*****0009"
sql "INSERT INTO student (institution_id, name, gender, id_hmac, id_cipher,
    id_mask) VALUES (2, '翻页九', '女', UNHEX('$H'), 'x', '110101*****0009')"
sql "UPDATE student SET id_mask = '110101*****0009' WHERE name = '翻页9'"
is "held at a second institution: n = 2" "$(hn)" 2
get o /students/corrections >/dev/null
has "zcjy's 待完善 lists it as registered at two institutions" "$T/body" \
    "110101*****0009"
sql "UPDATE student SET id_hmac = UNHEX(SHA2('t0190-other', 256))
    WHERE name = '翻页九'"
is "the second one's ID number corrected: n = 1" "$(hn)" 1
get o /students/corrections >/dev/null
hasnt "and no duplicate any more" "$T/body" "110101*****0009"
sql "UPDATE student SET id_hmac = UNHEX('$H') WHERE name = '翻页九'"
sql "DELETE FROM student WHERE name = '翻页九'"
is "deleted again: n = 1" "$(hn)" 1
is "student_hmac_count equals a recount from the students" "$(sql "
    SELECT COUNT(*) FROM (SELECT id_hmac, COUNT(*) n FROM student
    GROUP BY id_hmac) x LEFT JOIN student_hmac_count c USING (id_hmac)
    WHERE c.n IS NULL OR c.n <> x.n")|$(sql "SELECT COUNT(*)
    FROM student_hmac_count")" "0|$(sql "SELECT COUNT(DISTINCT id_hmac)
    FROM student")"

# Leave the demo data as it was for the suites that follow.
sql "DELETE FROM registration WHERE student_id IN (SELECT id FROM student
    WHERE name LIKE '翻页%')"
sql "DELETE FROM student WHERE name LIKE '翻页%'"
done_testing
