#!/bin/bash
# t0008-corrections.sh: 完善学生信息: flags by the organisation (note,
# Beijing-date deadline), the institution's 待完善 list, badge and
# notifications, confirm / reflag / accept, the deadline lock, the
# certificate trigger, reminders; exam plans with registration and
# results imports; the organisation's duplicate-registration list.
. "$(dirname "$0")/lib.sh"
ROOT=${XC_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
PY=/usr/bin/python3

ck() {	# ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11), see t0007
	local s=$1 i sum=0 c
	for ((i = 0; i < 17; i++)); do
		sum=$((sum + ${s:i:1} * ((1 << (17 - i)) % 11)))
	done
	c=$(((12 - sum % 11) % 11))
	[ "$c" = 10 ] && c=X
	echo "$s$c"
}
sex() { if (( ${1:16:1} % 2 )); then echo 男; else echo 女; fi; }
mask() { echo "${1:0:6}*****${1: -4}"; }
bj() { TZ=Asia/Shanghai date -d "$1" +%F; }	# a Beijing date
upload() {	# JAR PATH FILE: multipart POST of a CSV; prints the status
	local tok
	tok=$(page_token "$1" /students/plans)
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" -F "_csrf=$tok" -F "file=@$3;type=text/csv" "$B$2"
}
rowerr() {	# DESC ROW WORD: the plan import report has ROW with WORD
	if sed 's#</tr>#&\n#g' "$T/body" | grep -F "<td>第 $2 行</td>" |
	    grep -qF -- "$3"; then
		ok "$1"
	else
		nok "$1"
		sed 's#</tr>#&\n#g' "$T/body" | grep -o '<td>第 [0-9]* 行</td>.*' |
		    head -n 10 | sed 's/^/#   /'
	fi
}
acct() { sql "SELECT id FROM account WHERE login = '$1'"; }
notes() { sql "SELECT COUNT(*) FROM notification WHERE account_id = $(acct "$1") AND title LIKE '$2'"; }
flagcol() { sql "SELECT $2 FROM correction_flag WHERE id = $1"; }
lastflag() { sql "SELECT MAX(id) FROM correction_flag WHERE student_id = $1"; }
add() {	# JAR NAME ID: a student via /students/new; prints the status
	post "$1" /students/new "$(page_token "$1" /students/new)" name="$2" \
	    gender="$(sex "$3")" id_type=居民身份证 id_number="$3" \
	    student_type=院校学生 phone=13800138000 major=焊接技术 \
	    class_name=2024级1班
}
sid() { location | sed 's/?.*//' | grep -o '[0-9]*$'; }
edit() {	# JAR STUDENT ID FIELD=VALUE...: the edit form, changed as given
	local jar=$1 s=$2 id=$3 a
	shift 3
	local -A f=([name]="$(sql "SELECT name FROM student WHERE id = $s")"
	    [gender]="$(sex "$id")" [id_type]=居民身份证 [id_number]=
	    [student_type]=院校学生 [phone]=13800138000 [major]=焊接技术
	    [class_name]=2024级1班
	    [version]="$(sql "SELECT version FROM student WHERE id = $s")")
	for a in "$@"; do f[${a%%=*}]=${a#*=}; done
	local -a args=()
	for a in "${!f[@]}"; do args+=("$a=${f[$a]}"); done
	post "$jar" "/students/$s/edit" "$(page_token "$jar" "/students/$s")" "${args[@]}"
}

login a p21020000000000000000 >/dev/null
login z biz2102 >/dev/null
login b p11010000000000000031 >/dev/null
login o zcjy >/dev/null
login h hxzz >/dev/null

YR=$((1990 + RANDOM % 15))
MD=$(printf '%02d%02d' $((1 + RANDOM % 12)) $((1 + RANDOM % 28)))
SQ=$(printf '%03d' $((RANDOM % 1000)))
idn() { ck "3302$(printf '%02d' "$1")$YR$MD$SQ"; }	# Hangzhou: not in the demo
ID1=$(idn 1); ID2=$(idn 2); ID3=$(idn 3); ID4=$(idn 4); ID5=$(idn 5)
TAG=$RANDOM
# A suffix for this run's names (names hold no digits), so that the
# notification checks can run again on the same stack.
CH=(春 夏 秋 冬 东 南 西 北 金 木 水 火 土 山 川 云 雨 风 雪 松)
NT=${CH[RANDOM % 20]}${CH[RANDOM % 20]}${CH[RANDOM % 20]}${CH[RANDOM % 20]}

is "A adds 修正甲${NT}" "$(add a "修正甲${NT}" "$ID1")" 303; F1=$(sid)
is "A adds 修正乙${NT}" "$(add a "修正乙${NT}" "$ID2")" 303; F2=$(sid)
is "A adds 修正丙${NT}" "$(add a "修正丙${NT}" "$ID3")" 303; F3=$(sid)
is "A adds 修正丁${NT} (not registered anywhere)" "$(add a "修正丁${NT}" "$ID4")" 303; F4=$(sid)

# --- Exam plans ----------------------------------------------------------
TA=$(sql "SELECT MIN(id) FROM certificate_type WHERE organisation_id = 1")
TB=$(sql "SELECT MIN(id) FROM certificate_type WHERE organisation_id = 2")
pform() { post o /students/plans "$(page_token o /students/plans)" "$@"; }
is "zcjy's plans page" "$(get o /students/plans)" 200
has "lists demo plan 1" "$T/body" "2020年7月考试计划特殊焊接技术职业技能等级证书初级"
is "a plan of another organisation's certificate -> 400" \
    "$(pform name="测试计划$TAG" certificate_type="$TB" exam_date=2027-06-20 sites=21020000000000000000)" 400
has "says 请从本机构的证书目录中选择证书" "$T/body" "请从本机构的证书目录中选择证书"
is "a site code that is not 20 digits -> 400" \
    "$(pform name="测试计划$TAG" certificate_type="$TA" exam_date=2027-06-20 sites=2102)" 400
has "says 应为20位数字" "$T/body" "应为20位数字"
is "an unknown site -> 400" \
    "$(pform name="测试计划$TAG" certificate_type="$TA" exam_date=2027-06-20 sites=99999999999999999999)" 400
has "says 不存在" "$T/body" "不存在"
is "a bad exam date -> 400" \
    "$(pform name="测试计划$TAG" certificate_type="$TA" exam_date=2027-02-30 sites=21020000000000000000)" 400
is "none of these made a plan" "$(sql "SELECT COUNT(*) FROM exam_plan WHERE name = '测试计划$TAG'")" 0
is "zcjy creates a plan at A's site (303)" \
    "$(pform name="测试计划$TAG" certificate_type="$TA" exam_date=2027-06-20 sites="21020000000000000000
21020000000000000000")" 303
P=$(sid)
is "redirected to the plan, confirming (ok=created)" "$(location)" "/students/plans/$P?ok=created"
is "the plan: zcjy's, its certificate, its date" "$(sql "SELECT CONCAT(organisation_id, ' ', certificate_type_id, ' ', exam_date) FROM exam_plan WHERE id = $P")" "1 $TA 2027-06-20"
is "one site (the repeated code counted once): A" "$(sql "SELECT GROUP_CONCAT(institution_id) FROM exam_site WHERE plan_id = $P")" 1
is "the same name again -> 409" \
    "$(pform name="测试计划$TAG" certificate_type="$TA" exam_date=2027-06-20 sites=21020000000000000000)" 409
is "A sees the plan (its site)" "$(get a "/students/plans/$P")" 200
has "with the registration form" "$T/body" "/students/plans/$P/register"
is "B does not (404)" "$(get b "/students/plans/$P")" 404
is "hxzz does not (404)" "$(get h "/students/plans/$P")" 404
is "A's plan list has it" "$(get a /students/plans)" 200
has "the plan listed for A" "$T/body" "测试计划$TAG"
is "a principal cannot create plans" "$(post a /students/plans "$(page_token a /students/plans)" name="院校计划$TAG" certificate_type="$TA" exam_date=2027-06-20 sites=21020000000000000000)" 404

# Registration by the site's institution: 证件号码 of its own students.
printf '证件号码\r\n%s\r\n%s\r\n%s\r\n' "$ID1" "$ID2" "$ID3" >"$T/reg.csv"
printf '姓名,证件号码\r\n甲,%s\r\n乙,%s\r\n丙,123\r\n' "$ID1" "$ID5" >"$T/regbad.csv"
is "registration with errors -> 400" "$(upload a "/students/plans/$P/register" "$T/regbad.csv")" 400
rowerr "row 3: not a student of A -> 本院校没有该证件号码的学生" 3 "本院校没有该证件号码的学生"
rowerr "row 4: 证件号码格式不正确" 4 "证件号码格式不正确"
is "nothing registered" "$(sql "SELECT COUNT(*) FROM registration WHERE plan_id = $P")" 0
is "B cannot register to a plan it is not a site of" "$(upload b "/students/plans/$P/register" "$T/reg.csv")" 404
is "an organisation cannot register" "$(upload o "/students/plans/$P/register" "$T/reg.csv")" 404
is "A registers three to the new plan" "$(upload a "/students/plans/$P/register" "$T/reg.csv")" 200
has "已导入 3 条报名记录" "$T/body" "已导入 3 条报名记录"
is "three registrations at A" "$(sql "SELECT COUNT(*) FROM registration WHERE plan_id = $P AND institution_id = 1")" 3
is "and the same three to demo plan 1" "$(upload a /students/plans/1/register "$T/reg.csv")" 200
is "registered again: no duplicates" "$(upload a "/students/plans/$P/register" "$T/reg.csv")" 200
is "still three" "$(sql "SELECT COUNT(*) FROM registration WHERE plan_id = $P")" 3

# Results by the organisation: 证件号码, 成绩, 考核状态.
printf '证件号码,成绩,考核状态\r\n%s,95,已通过\r\n%s,50,未通过\r\n%s,,缺考\r\n' "$ID1" "$ID2" "$ID3" >"$T/res.csv"
printf '证件号码,成绩,考核状态\r\n%s,95,优秀\r\n%s,80,已通过\r\n%s,101,已通过\r\n%s,80,已通过\r\n' "$ID1" "$ID4" "$ID2" "$ID5" >"$T/resbad.csv"
is "results with errors -> 400" "$(upload o "/students/plans/$P/results" "$T/resbad.csv")" 400
rowerr "row 2: status 优秀 -> 考核状态应为" 2 "考核状态应为"
rowerr "row 3: A's unregistered student -> 未报名" 3 "未报名"
rowerr "row 4: score 101 -> 成绩应为0至100的整数" 4 "成绩应为0至100的整数"
rowerr "row 5: unknown number -> 未报名" 5 "未报名"
is "no result stored" "$(sql "SELECT COUNT(*) FROM exam_result WHERE plan_id = $P")" 0
is "hxzz cannot import zcjy's results (404)" "$(upload h "/students/plans/$P/results" "$T/res.csv")" 404
is "an institution cannot import results" "$(upload a "/students/plans/$P/results" "$T/res.csv")" 404
is "zcjy imports three results" "$(upload o "/students/plans/$P/results" "$T/res.csv")" 200
has "已导入 3 条成绩记录" "$T/body" "已导入 3 条成绩记录"
is "the results as imported" "$(sql "SELECT GROUP_CONCAT(CONCAT(status, ':', IFNULL(score, '-')) ORDER BY student_id) FROM exam_result WHERE plan_id = $P")" "已通过:95.0,未通过:50.0,缺考:-"
has "the plan page counts them" "$T/body" "已通过 1 · 未通过 1 · 缺考 1"
printf '证件号码,成绩,考核状态\r\n%s,88,已通过\r\n' "$ID2" >"$T/res2.csv"
is "a result without a certificate can change" "$(upload o "/students/plans/$P/results" "$T/res2.csv")" 200
is "changed" "$(sql "SELECT CONCAT(status, ':', score) FROM exam_result WHERE plan_id = $P AND student_id = $F2")" "已通过:88.0"
# Demo plan 1: 朱鹏飞 passed and holds certificate ...045.
ZHU=$(sql "SELECT id FROM student WHERE institution_id = 1 AND id_mask = '610114*****1011'")
before=$(sql "SELECT CONCAT(status, ':', score) FROM exam_result WHERE plan_id = 1 AND student_id = $ZHU")
printf '证件号码,成绩,考核状态\r\n610114200103061011,40,未通过\r\n' >"$T/res3.csv"
is "a result with a certificate cannot change -> 400" "$(upload o /students/plans/1/results "$T/res3.csv")" 400
rowerr "row 2: 已根据该成绩生成证书" 2 "已根据该成绩生成证书"
is "the result is unchanged" "$(sql "SELECT CONCAT(status, ':', score) FROM exam_result WHERE plan_id = 1 AND student_id = $ZHU")" "$before"
check "the database refuses it too (trigger exam_result_final)" bash -c \
    "mariadb --no-defaults -S '$XC_VAR/run/db.sock' -uroot xcert -e \"UPDATE exam_result SET score = 40 WHERE plan_id = 1 AND student_id = $ZHU\" 2>&1 | grep -q 'a result with a certificate cannot change'"

# --- Flags ---------------------------------------------------------------
D3=$(bj '+3 days')
fl() {	# JAR STUDENT FIELD NOTE DEADLINE: POST /students/#/flag
	post "$1" "/students/$2/flag" "$(page_token "$1" /students)" \
	    field="$3" note="$4" deadline="$5"
}
is "zcjy flags 修正甲${NT}'s phone (303)" "$(fl o "$F1" phone 手机号码是空号 "$D3")" 303
is "back to the student's page, confirming (ok=flagged)" "$(location)" "/students/$F1?ok=flagged"
FL1=$(lastflag "$F1")
is "the flag: open, phone, deadline, A, zcjy, round 1" \
    "$(sql "SELECT CONCAT_WS(' ', state, field, deadline, institution_id, organisation_id, rounds) FROM correction_flag WHERE id = $FL1")" \
    "open phone $D3 1 1 1"
is "A's principal is notified" "$(notes p21020000000000000000 "%要求在${D3}前完善学生修正甲${NT}的手机号码%")" 1
is "so is A's business admin" "$(notes biz2102 "%要求在${D3}前完善学生修正甲${NT}的手机号码%")" 1
is "B's principal is not" "$(notes p11010000000000000031 "%修正甲${NT}%")" 0
nopen=$(sql "SELECT COUNT(*) FROM correction_flag WHERE institution_id = 1 AND state = 'open'")
is "A's home" "$(get a /)" 200
has "the 待完善 badge shows A's open flags ($nopen)" "$T/body" "待完善 <span class=\"badge\">$nopen</span>"
has "the 通知 badge is shown" "$T/body" '通知 <span class="badge">'
is "A's notifications" "$(get a /notifications)" 200
has "list the flag" "$T/body" "要求在${D3}前完善学生修正甲${NT}的手机号码"
is "A's 待完善 list" "$(get a /students/corrections)" 200
has "lists 修正甲${NT}" "$T/body" "修正甲${NT}"
has "with the note" "$T/body" "手机号码是空号"
has "and the deadline" "$T/body" "$D3"
has "with a confirm button" "$T/body" "/students/corrections/$FL1/confirm"
is "the student's page" "$(get a "/students/$F1")" 200
has "shows the flag" "$T/body" "手机号码是空号"
is "A's list marks the student 待完善" "$(get a "/students?name=$($PY -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "修正甲${NT}")")" 200
has "tag 待完善 in the list" "$T/body" '<span class="tag warn">待完善</span>'

# Who may flag.
is "hxzz cannot flag A's student (404)" "$(fl h "$F1" phone 越权标记 "$D3")" 404
is "the principal cannot flag (org-only route: 404)" "$(fl a "$F1" phone 院校标记 "$D3")" 404
is "zcjy cannot flag A's unregistered student (404)" "$(fl o "$F4" phone 未报名 "$D3")" 404
is "a deadline in the past -> 400" "$(fl o "$F1" phone 过去的期限 "$(bj '-1 day')")" 400
has "says 完善期限不能早于今天" "$T/body" "完善期限不能早于今天"
is "a deadline over a year ahead -> 400" "$(fl o "$F1" phone 太远的期限 "$(bj '+400 days')")" 400
has "says 不能超过一年" "$T/body" "不能超过一年"
is "an unknown field -> 400" "$(fl o "$F1" password 错误字段 "$D3")" 400
has "says 请选择需要完善的信息项" "$T/body" "请选择需要完善的信息项"
is "a one-character note -> 400" "$(fl o "$F1" phone 短 "$D3")" 400
is "today (Beijing) is allowed as the deadline" "$(fl o "$F3" name 姓名有误今天改 "$(bj now)")" 303
FL3=$(lastflag "$F3")
is "the refused attempts made no flag" "$(sql "SELECT COUNT(*) FROM correction_flag WHERE student_id IN ($F1, $F4)")" 1

# Fix, confirm; the organisation is told; reflag; confirm; accept.
is "A fixes the phone" "$(edit a "$F1" "$ID1" phone=13900001111)" 303
is "zcjy has no 已确认 yet" "$(notes zcjy "%已确认完善学生修正甲${NT}%")" 0
is "B cannot confirm A's flag (404: not yours)" "$(post b "/students/corrections/$FL1/confirm" "$(page_token b /students)")" 404
is "still open" "$(flagcol "$FL1" state)" open
is "A confirms (303)" "$(post a "/students/corrections/$FL1/confirm" "$(page_token a /students/corrections)")" 303
is "state fixed" "$(flagcol "$FL1" state)" fixed
is "fixed_by is A's principal" "$(flagcol "$FL1" fixed_by)" "$(acct p21020000000000000000)"
is "zcjy is notified" "$(notes zcjy "%已确认完善学生修正甲${NT}的手机号码%")" 1
is "confirming again -> 409" "$(post a "/students/corrections/$FL1/confirm" "$(page_token a /students/corrections)")" 409
is "zcjy's 待完善 page" "$(get o /students/corrections)" 200
has "shows it 已确认完善" "$T/body" "已确认完善"
has "with accept" "$T/body" "/students/corrections/$FL1/accept"
nfixed=$(sql "SELECT COUNT(*) FROM correction_flag WHERE organisation_id = 1 AND state = 'fixed'")
has "zcjy's badge counts flags to accept ($nfixed)" "$T/body" "待完善 <span class=\"badge\">$nfixed</span>"
is "hxzz cannot accept zcjy's flag (404: not yours)" "$(post h "/students/corrections/$FL1/accept" "$(page_token h /students)")" 404
is "still fixed" "$(flagcol "$FL1" state)" fixed
D5=$(bj '+5 days')
rf() { post o "/students/corrections/$1/reflag" "$(page_token o /students/corrections)" note="$2" deadline="$3"; }
is "a reflag without a note -> 400" "$(rf "$FL1" '' "$D5")" 400
is "a reflag with a past deadline -> 400" "$(rf "$FL1" 号码仍不对 "$(bj '-2 days')")" 400
is "zcjy reflags with a new note and deadline (303)" "$(rf "$FL1" 号码仍是空号请核实 "$D5")" 303
is "open again, round 2, the new note and deadline" "$(sql "SELECT CONCAT_WS(' ', state, rounds, note, deadline, IFNULL(fixed_by, '-')) FROM correction_flag WHERE id = $FL1")" "open 2 号码仍是空号请核实 $D5 -"
is "A is told it came back" "$(notes p21020000000000000000 "%退回了学生修正甲${NT}的手机号码，请在${D5}前重新完善%")" 1
is "A's list shows round 2" "$(get a /students/corrections)" 200
has "第 2 次退回" "$T/body" "第 2 次退回"
is "accepting an open flag -> 409" "$(post o "/students/corrections/$FL1/accept" "$(page_token o /students/corrections)")" 409
is "A fixes again" "$(edit a "$F1" "$ID1" phone=13900002222)" 303
is "and confirms" "$(post a "/students/corrections/$FL1/confirm" "$(page_token a /students/corrections)")" 303
is "zcjy accepts (303)" "$(post o "/students/corrections/$FL1/accept" "$(page_token o /students/corrections)")" 303
is "state accepted" "$(flagcol "$FL1" state)" accepted
is "resolved_by is zcjy" "$(flagcol "$FL1" resolved_by)" "$(acct zcjy)"
is "accepting again -> 409" "$(post o "/students/corrections/$FL1/accept" "$(page_token o /students/corrections)")" 409
is "reflagging an accepted flag -> 409" "$(rf "$FL1" 再次退回看看 "$D5")" 409
is "history: the two phone changes" "$(sql "SELECT COUNT(*) FROM student_change WHERE student_id = $F1 AND field = 'phone'")" 2
is "the audit trail: flag, 2 confirms, reflag, accept" \
    "$(sql "SELECT CONCAT_WS(',', SUM(action = 'correction.flag' AND object_id = $F1), SUM(action = 'correction.confirm' AND object_id = $FL1), SUM(action = 'correction.reflag' AND object_id = $FL1), SUM(action = 'correction.accept' AND object_id = $FL1)) FROM audit_log")" "1,2,1,1"

# --- The deadline lock ---------------------------------------------------------
is "zcjy flags 修正乙${NT}'s class" "$(fl o "$F2" class_name 班级填写有误 "$(bj '+1 day')")" 303
FL2=$(lastflag "$F2")
# Yesterday in Beijing, written out: lib.sh's root session runs in the
# server's zone (UTC), where CURDATE() can lag the Beijing date.
sql "UPDATE correction_flag SET deadline = '$(bj '-1 day')' WHERE id = $FL2"
v2=$(sql "SELECT version FROM student WHERE id = $F2")
is "after the deadline the edit is refused (403)" "$(edit a "$F2" "$ID2" class_name=2024级9班)" 403
has "says 已超过完善期限" "$T/body" "已超过完善期限"
is "nothing changed" "$(sql "SELECT CONCAT(class_name, ' ', version) FROM student WHERE id = $F2")" "2024级1班 $v2"
is "the business admin is refused too" "$(edit z "$F2" "$ID2" class_name=2024级9班)" 403
is "the edit form shows the lock" "$(get a "/students/$F2/edit")" 200
has "locked message" "$T/body" "该学生信息已锁定"
is "confirm after the deadline -> 409" "$(post a "/students/corrections/$FL2/confirm" "$(page_token a /students/corrections)")" 409
is "still open" "$(flagcol "$FL2" state)" open
is "zcjy's list" "$(get o /students/corrections)" 200
tr -d '\n' <"$T/body" | sed 's#</tr>#&\n#g' | grep -F "修正乙${NT}" >"$T/row2"
has "shows 修正乙${NT} as 已逾期" "$T/row2" "已逾期"
is "A's list" "$(get a /students/corrections)" 200
tr -d '\n' <"$T/body" | sed 's#</tr>#&\n#g' | grep -F "修正乙${NT}" >"$T/row2"
has "A sees it 已逾期 too" "$T/row2" "已逾期未完善"
hasnt "with no confirm button" "$T/row2" "/confirm"
is "other students of A are not locked" "$(edit a "$F4" "$ID4" class_name=2024级3班)" 303

# No certificate while a flag is not accepted (trigger).
R2=$(sql "SELECT id FROM exam_result WHERE plan_id = $P AND student_id = $F2")
R1=$(sql "SELECT id FROM exam_result WHERE plan_id = $P AND student_id = $F1")
certsql() {	# RESULT STUDENT: insert a certificate and roll it back
	mariadb --no-defaults -S "$XC_VAR/run/db.sock" -uroot -N xcert 2>&1 -e "
	    START TRANSACTION;
	    INSERT INTO certificate (number, result_id, student_id, institution_id,
	        organisation_id, certificate_type_id, plan_id, status)
	    VALUES (CONCAT('9999999999999', LPAD($1, 10, '0')), $1, $2, 1, 1, $TA, $P, 'org_pending');
	    SELECT ROW_COUNT();
	    ROLLBACK;"
}
out=$(certsql "$R2" "$F2")
has "a certificate for 修正乙${NT} (open flag) is refused by the trigger" <(echo "$out") "the student has an open correction flag"
out=$(certsql "$R1" "$F1")
is "a certificate for 修正甲${NT} (flag accepted) is allowed (rolled back)" "$out" 1
is "no certificate left behind" "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $P")" 0
# A generation's batch (@xc_count_defer set, 0025/0027): the row trigger
# leaves the check to certificate_count_generated(), which refuses the
# batch as a whole when one of its records' holders has an open flag.
gensql() {	# RESULT STUDENT: a deferred insert, the batch's check, rolled back
	mariadb --no-defaults -S "$XC_VAR/run/db.sock" -uroot -N xcert 2>&1 -e "
	    START TRANSACTION;
	    SET @after = (SELECT IFNULL(MAX(id), 0) FROM certificate);
	    SET @xc_count_defer = 1;
	    INSERT INTO certificate (number, result_id, student_id, institution_id,
	        organisation_id, certificate_type_id, plan_id, status,
	        student_type, student_name)
	    VALUES (CONCAT('9999999999999', LPAD($1, 10, '0')), $1, $2, 1, 1, $TA, $P,
	        'org_pending', '院校学生', 'x');
	    SELECT 'inserted', ROW_COUNT();
	    CALL certificate_count_generated($P, @after);
	    SELECT 'batch', SUM(n) FROM certificate_count WHERE plan_id = $P;
	    ROLLBACK;"
}
out=$(gensql "$R2" "$F2")
is "a generation's record of 修正乙${NT} (open flag) is inserted (deferred)" "$(echo "$out" | grep -c '^inserted[[:space:]]1$')" 1
has "... then the batch is refused by its check" <(echo "$out") "the student has an open correction flag"
hasnt "... before the batch is counted" <(echo "$out") "batch"
out=$(gensql "$R1" "$F1")
is "a batch with 修正甲${NT} only (flag accepted) is counted" "$(echo "$out" | grep -c '^batch[[:space:]]1$')" 1
is "no certificate left behind by the batches" "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $P")" 0

# --- Reminders (xadmin remind) -------------------------------------------------
sql "UPDATE correction_flag SET deadline = '$D3', reminded = 0 WHERE id = $FL3"
XC_VAR=$XC_VAR "$ROOT/bin/xadmin" remind >"$T/remind.out" 2>&1
has "xadmin remind runs" "$T/remind.out" "reminders sent"
is "a reminder for the flag due in 3 days" "$(notes p21020000000000000000 "提醒：学生修正丙${NT}的信息须在${D3}前完善并确认（剩余3天）")" 1
is "to the business admin too" "$(notes biz2102 "提醒：学生修正丙${NT}%剩余3天%")" 1
is "the flag is marked reminded" "$(flagcol "$FL3" reminded)" 1
XC_VAR=$XC_VAR "$ROOT/bin/xadmin" remind >/dev/null 2>&1
is "not twice" "$(notes p21020000000000000000 "提醒：学生修正丙${NT}%")" 1
is "no reminder for the overdue flag" "$(notes p21020000000000000000 "提醒：学生修正乙${NT}%")" 0
is "no reminder for the accepted flag" "$(notes p21020000000000000000 "提醒：学生修正甲${NT}%")" 0
sql "UPDATE correction_flag SET deadline = '$(bj '+1 day')' WHERE id = $FL3"
XC_VAR=$XC_VAR "$ROOT/bin/xadmin" remind >/dev/null 2>&1
is "a second reminder when due within a day" "$(notes p21020000000000000000 "提醒：学生修正丙${NT}%不足1天%")" 1
XC_VAR=$XC_VAR "$ROOT/bin/xadmin" remind >/dev/null 2>&1
is "and that one only once too" "$(notes p21020000000000000000 "提醒：学生修正丙${NT}%")" 2
sql "UPDATE correction_flag SET deadline = '$(bj '+10 days')', reminded = 0 WHERE id = $FL3"
XC_VAR=$XC_VAR "$ROOT/bin/xadmin" remind >/dev/null 2>&1
is "none for a flag due in 10 days" "$(notes p21020000000000000000 "提醒：学生修正丙${NT}%")" 2

# --- Duplicate registrations seen by the organisation --------------------------
printf '姓名,性别,证件号码\r\n%s,%s,%s\r\n' "修正甲${NT}" "$(sex "$ID1")" "$ID1" >"$T/dup.csv"
tok=$(page_token b /students)
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/b" -c "$T/b" -H "Origin: $B" \
    -F "_csrf=$tok" -F "file=@$T/dup.csv;type=text/csv" "$B/students/import")
is "B imports A's registered student's number -> 200" "$code" 200
has "with the 已在其他院校登记 warning" "$T/body" "已在其他院校登记"
is "zcjy's 待完善 page" "$(get o /students/corrections)" 200
sed -n '/重复登记/,$p' "$T/body" >"$T/dups"
has "重复登记 lists the number (masked)" "$T/dups" "$(mask "$ID1")"
has "with both institutions' codes" "$T/dups" "11010000000000000031 21020000000000000000"
hasnt "never the full number" "$T/body" "$ID1"
hasnt "修正乙${NT} (only at A) is not a duplicate" "$T/dups" "$(mask "$ID2")"
is "hxzz's page" "$(get h /students/corrections)" 200
hasnt "hxzz does not see zcjy's duplicate" "$T/body" "$(mask "$ID1")"
done_testing
