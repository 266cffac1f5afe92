#!/bin/bash
# t0007-students.sh: 学生信息 (操作二): add with typed ID checks, edit with
# history and optimistic locking, the audited full-ID view, scope, no
# plaintext ID number at rest, CSV import (per-row report, encodings,
# all-or-nothing or valid rows only, fences) and the XLSX export.
. "$(dirname "$0")/lib.sh"
ROOT=${XC_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
PY=/usr/bin/python3

# ISO 7064 MOD 11-2, from the standard: weight 2^(17-i) mod 11 for the
# i-th of 17 digits, check (12 - sum mod 11) mod 11, 10 written X.
ck() {
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
# The same number with the next check character along.
badck() { local r=0123456789X c=${1:17:1}; local p=${r%%"$c"*}; echo "${1:0:17}${r:$(((${#p} + 1) % 11)):1}"; }
urlenc() { $PY -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
cnt() { sql "SELECT COUNT(*) FROM student WHERE institution_id = $1"; }
# The blind index of a number (xadmin knows the key); hex.
hidx() { XC_VAR=$XC_VAR "$ROOT/bin/xadmin" id-index "$1" 2>/dev/null | grep -o '[0-9a-f]\{64\}'; }
has_id() { sql "SELECT COUNT(*) FROM student WHERE institution_id = $1 AND id_hmac = UNHEX('$(hidx "$2")')"; }
# upload JAR PATH FILE [MODE]: multipart POST of a CSV; prints the status.
upload() {
	local tok
	tok=$(page_token "$1" /students)
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" -F "_csrf=$tok" -F "file=@$3;type=text/csv" \
	    ${4:+-F "mode=$4"} "$B$2"
}
# rowerr DESC ROW COLUMN WORD: the import report has that row and column
# with a reason containing WORD.
rowerr() {
	if sed 's#</tr>#&\n#g' "$T/body" | grep -F "<td>第 $2 行</td><td>$3</td>" |
	    grep -qF -- "$4"; then
		ok "$1"
	else
		nok "$1"
		sed 's#</tr>#&\n#g' "$T/body" | grep -o '<td>第 [0-9]* 行</td>.*' |
		    head -n 20 | sed 's/^/#   /'
	fi
}
# student FIELD=VALUE...: the fields of /students/new, defaults filled in.
form() {
	local -A f=([name]=测试学生 [gender]=男 [id_type]=居民身份证 [id_number]=
	    [student_type]=院校学生 [phone]=13800138000 [major]=焊接技术
	    [class_name]=2024级1班)
	local a
	for a in "$@"; do f[${a%%=*}]=${a#*=}; done
	for a in "${!f[@]}"; do echo "$a=${f[$a]}"; done
}
add() {	# JAR FIELD=VALUE...: POST /students/new; prints the status
	local jar=$1 tok
	shift
	tok=$(page_token "$jar" /students/new)
	local -a args
	mapfile -t args < <(form "$@")
	post "$jar" /students/new "$tok" "${args[@]}"
}

login a p21020000000000000000 >/dev/null
login b p11010000000000000031 >/dev/null
login z biz2102 >/dev/null
login o zcjy >/dev/null
login h hxzz >/dev/null

# This run's numbers: a random birth date and sequence, so that the test
# can run again on the same stack; regions 32xxxx are not in the demo.
YR=$((1990 + RANDOM % 15))
MD=$(printf '%02d%02d' $((1 + RANDOM % 12)) $((1 + RANDOM % 28)))
SQ=$(printf '%03d' $((RANDOM % 1000)))
idn() { ck "3201$(printf '%02d' "$1")$YR$MD$SQ"; }
ID1=$(idn 1)
ID2=$(idn 2)
ID3=$(idn 3)
# One whose check character is X (to try a lower-case x).
for k in $(seq 10 99); do IDX=$(idn "$k"); [ "${IDX:17}" = X ] && break; done
is "test helper: ISO 7064 gives the standard's example" "$(ck 11010519491231002)" 11010519491231002X
is "test helper: found a number ending in X" "${IDX:17}" X
A0=$(cnt 1)
B0=$(cnt 2)

# --- Add a student -----------------------------------------------------
is "new-student form" "$(get a /students/new)" 200
has "the form has the ID types" "$T/body" "外国人永久居留身份证"
is "add a valid student (303)" "$(add a name=测试甲 gender="$(sex "$ID1")" id_number="$ID1")" 303
S1=$(location | sed 's/?.*//' | grep -o '[0-9]*$')
is "redirected to the student's page, confirming (ok=created)" "$(location)" "/students/$S1?ok=created"
is "one more student in A" "$(cnt 1)" $((A0 + 1))
is "stored masked, in A, with the gender" \
    "$(sql "SELECT CONCAT(institution_id, ' ', name, ' ', gender, ' ', id_mask, ' ', id_type) FROM student WHERE id = $S1")" \
    "1 测试甲 $(sex "$ID1") $(mask "$ID1") 居民身份证"
is "the student's page" "$(get a "/students/$S1")" 200
has "shows the masked number" "$T/body" "$(mask "$ID1")"
hasnt "not the full number" "$T/body" "$ID1"
is "the business admin of A adds one too" "$(add z name=测试乙 gender="$(sex "$ID2")" id_number="$ID2" student_type=社会学员)" 303
S2=$(location | sed 's/?.*//' | grep -o '[0-9]*$')
is "it belongs to A" "$(sql "SELECT institution_id FROM student WHERE id = $S2")" 1
is "the same number again -> 409" "$(add a name=测试丙 gender="$(sex "$ID1")" id_number="$ID1")" 409
has "409 says 本院校已登记" "$T/body" "本院校已登记"
is "no row for the duplicate" "$(cnt 1)" $((A0 + 2))
low=$(echo "$IDX" | tr X x)
is "lower-case x accepted" "$(add a name=测试丁 gender="$(sex "$IDX")" id_number="$low")" 303
SX=$(location | sed 's/?.*//' | grep -o '[0-9]*$')
is "stored with a capital X" "$(sql "SELECT id_mask FROM student WHERE id = $SX")" "$(mask "$IDX")"
is "the capital-X spelling is the same number -> 409" "$(add a name=测试丁 gender="$(sex "$IDX")" id_number="$IDX")" 409
is "the list's ID filter finds it (blind index)" "$(idfind a /students "$low")" 200
hasnt "no ID number in the filtered list's URL" "$T/idfind.url" "$low"
has "filter by number finds 测试丁" "$T/body" "测试丁"
hasnt "and not 测试甲" "$T/body" "测试甲"
# A 15-digit legacy number is stored as its 18-digit form.
L15="320199${YR:2:2}$MD$SQ"
L18=$(ck "32019919${YR:2:2}$MD$SQ")
is "a 15-digit legacy number accepted" "$(add a name=测试戊 gender="$(sex "$L18")" id_number="$L15")" 303
is "stored as the 18-digit number" "$(has_id 1 "$L18")" 1
is "the 18-digit form of it is a duplicate" "$(add a name=测试戊 gender="$(sex "$L18")" id_number="$L18")" 409
PP="E$(printf '%08d' $(((RANDOM * 32768 + RANDOM) % 100000000)))"
is "a passport number (any gender)" "$(add a name="Anna Smith" gender=女 id_type=护照 id_number="$(echo "$PP" | tr E e)")" 303
SP=$(location | sed 's/?.*//' | grep -o '[0-9]*$')
is "the ID filter finds the passport by its capital form" "$(idfind a /students "$PP")" 200
has "found: Anna Smith" "$T/body" "Anna Smith"
is "passport stored masked entirely (9 characters)" "$(sql "SELECT id_mask FROM student WHERE id = $SP")" "**********"
is "passport type stored" "$(sql "SELECT id_type FROM student WHERE id = $SP")" 护照
A1=$(cnt 1)

# Each bad number: 400, its message, nothing stored.
FW=$(echo "$ID3" | $PY -c 'import sys; print("".join(chr(ord(c) + 0xfee0) for c in sys.stdin.read().strip()))')
FUT=$(ck "320102$(( $(date +%Y) + 1 ))0101$SQ")
while IFS='|' read -r what num word; do
	is "bad number ($what) -> 400" "$(add a name=错号 gender=男 id_number="$num")" 400
	has "bad number ($what) says $word" "$T/body" "$word"
done <<EOF
wrong check digit|$(badck "$ID3")|校验位错误
birth date 19990230|$(ck "32010219990230$SQ")|出生日期无效
birth date in the future|$FUT|出生日期晚于今天
17 digits|${ID3:0:17}|应为18位
full-width digits|$FW|全角
embedded space|${ID3:0:6} ${ID3:6}|空格
province 99|$(ck "990102$YR$MD$SQ")|地区代码无效
9-prefixed as 居民身份证|$(ck "910000$YR$MD$SQ")|请选择正确的证件类型
83-prefixed as 居民身份证|$(ck "830000$YR$MD$SQ")|请选择正确的证件类型
EOF
is "no bad number was stored" "$(cnt 1)" "$A1"
is "gender against the 17th digit -> 400" "$(add a name=错性别 gender="$( [ "$(sex "$ID3")" = 男 ] && echo 女 || echo 男)" id_number="$ID3")" 400
has "says 性别与证件号码不一致" "$T/body" "性别与证件号码不一致"
is "HTML in a name -> 400" "$(add a name='<b>x</b>' gender="$(sex "$ID3")" id_number="$ID3")" 400
has "the name rule refuses it" "$T/body" "姓名只能包含文字"
hasnt "the name is not echoed as markup" "$T/body" "<b>x</b>"
is "a formula in the class -> 400" "$(add a name=公式 gender="$(sex "$ID3")" id_number="$ID3" class_name='=1+1')" 400
has "says 疑似公式" "$T/body" "疑似公式"
is "a bad phone -> 400" "$(add a name=电话 gender="$(sex "$ID3")" id_number="$ID3" phone=12345)" 400
has "says 手机号码应为11位数字" "$T/body" "手机号码应为11位数字"
is "an unknown ID type -> 400" "$(add a name=类型 gender="$(sex "$ID3")" id_number="$ID3" id_type=身份证)" 400
has "says 请选择证件类型" "$T/body" "请选择证件类型"
is "still nothing stored" "$(cnt 1)" "$A1"
is "an organisation cannot add students" "$(get o /students/new)" 404

# --- Edit: history, masked ID changes, version ---------------------------
is "edit form" "$(get a "/students/$S1/edit")" 200
has "edit form shows the masked number" "$T/body" "$(mask "$ID1")"
hasnt "edit form does not hold the full number" "$T/body" "$ID1"
has "edit form carries the version" "$T/body" 'name="version" value="1"'
tok=$(csrf)
is "edit name, phone and class; empty number keeps it (303)" \
    "$(post a "/students/$S1/edit" "$tok" name=测试甲改 gender="$(sex "$ID1")" id_type=居民身份证 id_number= student_type=院校学生 phone=13900139000 major=焊接技术 class_name=2024级2班 version=1)" 303
is "version is 2" "$(sql "SELECT version FROM student WHERE id = $S1")" 2
is "the number is kept" "$(has_id 1 "$ID1")" 1
is "one history row per changed field" "$(sql "SELECT GROUP_CONCAT(field ORDER BY field) FROM student_change WHERE student_id = $S1")" "class_name,name,phone"
is "history: old and new name" "$(sql "SELECT CONCAT(old_value, '>', new_value) FROM student_change WHERE student_id = $S1 AND field = 'name'")" "测试甲>测试甲改"
is "history records who" "$(sql "SELECT a.login FROM student_change c JOIN account a ON a.id = c.account_id WHERE c.student_id = $S1 AND c.field = 'phone'")" p21020000000000000000
is "stale version -> 409" "$(post a "/students/$S1/edit" "$tok" name=过期 gender="$(sex "$ID1")" id_type=居民身份证 id_number= student_type=院校学生 phone=13900139000 major=焊接技术 class_name=2024级2班 version=1)" 409
has "409 says 已被他人修改" "$T/body" "已被他人修改"
is "the stale save changed nothing" "$(sql "SELECT name FROM student WHERE id = $S1")" 测试甲改
is "edit to another student's number -> 409" "$(post a "/students/$S1/edit" "$tok" name=测试甲改 gender="$(sex "$ID2")" id_type=居民身份证 id_number="$ID2" student_type=院校学生 phone=13900139000 major=焊接技术 class_name=2024级2班 version=2)" 409
is "a formula in the class on edit -> 400" "$(post a "/students/$S1/edit" "$tok" name=测试甲改 gender="$(sex "$ID1")" id_type=居民身份证 id_number= student_type=院校学生 phone=13900139000 major=焊接技术 class_name='=1+1' version=2)" 400
has "edit says 疑似公式" "$T/body" "疑似公式"
is "a bad number on edit -> 400" "$(post a "/students/$S1/edit" "$tok" name=测试甲改 gender="$(sex "$ID1")" id_type=居民身份证 id_number="$(badck "$ID3")" student_type=院校学生 phone=13900139000 major=焊接技术 class_name=2024级2班 version=2)" 400
has "edit says 校验位错误" "$T/body" "校验位错误"
is "change the number (303)" "$(post a "/students/$S1/edit" "$tok" name=测试甲改 gender="$(sex "$ID3")" id_type=居民身份证 id_number="$ID3" student_type=院校学生 phone=13900139000 major=焊接技术 class_name=2024级2班 version=2)" 303
is "the new number is stored" "$(has_id 1 "$ID3")" 1
is "the old number is gone" "$(has_id 1 "$ID1")" 0
is "history of the number holds masks only" "$(sql "SELECT CONCAT(old_value, '>', new_value) FROM student_change WHERE student_id = $S1 AND field = 'id_number'")" "$(mask "$ID1")>$(mask "$ID3")"
is "the page lists the change" "$(get a "/students/$S1")" 200
has "history on the page (证件号码 changed)" "$T/body" "<td>证件号码</td><td>$(mask "$ID1")</td><td>$(mask "$ID3")</td>"
hasnt "the page holds neither full number" "$T/body" "$ID1"
is "B cannot edit A's student" "$(post b "/students/$S1/edit" "$(page_token b /students)" name=越权 gender="$(sex "$ID3")" id_type=居民身份证 id_number= student_type=院校学生 phone= major= class_name= version=3)" 404
is "B's edit changed nothing" "$(sql "SELECT name FROM student WHERE id = $S1")" 测试甲改

# --- The full number: POST only, audited, scoped -----------------------------
nrev() { sql "SELECT COUNT(*) FROM audit_log WHERE action = 'student.reveal_id' AND object_type = 'student' AND object_id = $1"; }
r0=$(nrev "$S1")
is "GET cannot reveal (405)" "$(get a "/students/$S1/reveal")" 405
is "reveal without the CSRF token -> 403" "$(post a "/students/$S1/reveal" '')" 403
is "no audit row for refused reveals" "$(nrev "$S1")" "$r0"
is "reveal (POST) -> 200" "$(post a "/students/$S1/reveal" "$(page_token a "/students/$S1")")" 200
has "shows the full number" "$T/body" "$ID3"
is "one audit row student.reveal_id" "$(nrev "$S1")" $((r0 + 1))
is "the audit row names the principal" "$(sql "SELECT a.login FROM audit_log l JOIN account a ON a.id = l.account_id WHERE l.action = 'student.reveal_id' AND l.object_id = $S1 ORDER BY l.seq DESC LIMIT 1")" p21020000000000000000
hasnt "the audit detail holds no number" <(sql "SELECT detail FROM audit_log WHERE action = 'student.reveal_id'") "$ID3"
is "B's principal cannot see A's student" "$(get b "/students/$S1")" 404
is "nor its edit form" "$(get b "/students/$S1/edit")" 404
is "nor reveal it" "$(post b "/students/$S1/reveal" "$(page_token b /students)")" 404
hasnt "B got no number" "$T/body" "$ID3"
is "B's attempt wrote no reveal row" "$(nrev "$S1")" $((r0 + 1))
is "B's list lacks A's new student" "$(get b /students)" 200
hasnt "测试甲改 not in B's list" "$T/body" "测试甲改"

# Organisations see the students registered to their plans only.
ZHU=$(sql "SELECT id FROM student WHERE institution_id = 1 AND id_mask = '610114*****1011'")
is "zcjy sees A's student registered to its plan" "$(get o "/students/$ZHU")" 200
has "zcjy sees 朱鹏飞" "$T/body" "朱鹏飞"
is "hxzz cannot (404)" "$(get h "/students/$ZHU")" 404
is "hxzz cannot reveal either" "$(post h "/students/$ZHU/reveal" "$(page_token h /students)")" 404
hasnt "hxzz got no number" "$T/body" "610114200103061011"
is "zcjy cannot see A's unregistered new student" "$(get o "/students/$S1")" 404
is "zcjy's list" "$(get o "/students?name=$(urlenc 朱鹏飞)")" 200
has "lists 朱鹏飞" "$T/body" "610114*****1011"
is "hxzz's list" "$(get h "/students?name=$(urlenc 朱鹏飞)")" 200
hasnt "hxzz's list lacks him" "$T/body" "610114*****1011"
is "an organisation cannot edit" "$(get o "/students/$ZHU/edit")" 404

# --- Import --------------------------------------------------------------
# Rows from bench/mkcsv.py with this run's offset: its sequence number
# (offset / 3650) is never one of the demo's (100-163, 200-207), and the
# offsets used below (up to +600) stay within one sequence number.
OFS=$(( (300 + RANDOM % 500) * 3650 + RANDOM % 28 * 100 ))
mk() { $PY "$ROOT/bench/mkcsv.py" "$1" "${2:-utf-8}" "$3"; }
csvid() { sed -n "$(($2 + 1))p" "$1" | cut -d, -f4; }	# FILE N: Nth row's number
csvname() { sed -n "$(($2 + 1))p" "$1" | cut -d, -f1; }
line() { printf '%s\r\n' "$*" >>"$F"; }

F=$T/bad.csv
mk 4 utf-8 "$OFS" >"$F"			# rows 2-5 valid
G=$(sex "$ID3")
line "坏甲,男,居民身份证,$(badck "$(idn 20)"),院校学生,,,"		# 6
line "坏乙,男,居民身份证,$(ck "32010219990230$SQ"),院校学生,,,"	# 7
line "坏丙,男,居民身份证,$FUT,院校学生,,,"				# 8
line "坏丁,男,居民身份证,${ID3:0:17},院校学生,,,"			# 9
line "坏戊,男,居民身份证,$FW,院校学生,,,"				# 10
line "坏己,男,居民身份证,${ID3:0:6} ${ID3:6:8} ${ID3:14},院校学生,,,"	# 11
line "坏庚,男,居民身份证,$(ck "990102$YR$MD$SQ"),院校学生,,,"		# 12
line "坏辛,男,居民身份证,$(idn 21),院校学生,,\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"点击\"\")\",1班"	# 13
line "$(csvname "$F" 2),$(sex "$(csvid "$F" 2)"),居民身份证,$(csvid "$F" 2),院校学生,,,"	# 14
line "<b>x</b>,$(sex "$(idn 22)"),居民身份证,$(idn 22),院校学生,,,"	# 15
line "坏癸,$G,居民身份证,$ID3,院校学生,,,"				# 16
line "@SUM(1),男,居民身份证,$(idn 23),院校学生,,,"			# 17
is "bad file, all-or-nothing -> 400" "$(upload a /students/import "$F")" 400
has "report: 12 errors, nothing imported" "$T/body" "发现 12 处错误，本次没有导入任何学生"
has "report names the file and encoding" "$T/body" "bad.csv（UTF-8），共 16 行数据"
rowerr "row 6: wrong check digit" 6 证件号码 校验位错误
rowerr "row 7: birth date 19990230" 7 证件号码 出生日期无效
rowerr "row 8: future birth date" 8 证件号码 晚于今天
rowerr "row 9: 17 digits" 9 证件号码 应为18位
rowerr "row 10: full-width digits" 10 证件号码 全角
rowerr "row 11: embedded spaces" 11 证件号码 空格
rowerr "row 12: province 99" 12 证件号码 地区代码无效
rowerr "row 13: =HYPERLINK refused, in 专业" 13 专业 疑似公式
rowerr "row 14: same number as row 3" 14 证件号码 "与第3行的证件号码重复"
rowerr "row 15: HTML in a name, by the name rule" 15 姓名 "姓名只能包含文字"
rowerr "row 16: already a student of A" 16 证件号码 本院校已登记
rowerr "row 17: @ formula in a name" 17 姓名 疑似公式
hasnt "the report does not echo markup" "$T/body" "<b>x</b>"
hasnt "the report does not echo the formula as a link" "$T/body" "http://evil.example/"
is "all-or-nothing: A's count unchanged" "$(cnt 1)" "$A1"
is "valid rows only -> 200" "$(upload a /students/import "$F" valid)" 200
has "4 valid rows imported" "$T/body" "已导入 <b>4</b> 名学生"
has "the errors are still listed" "$T/body" "发现 12 处错误"
is "exactly 4 more students in A" "$(cnt 1)" $((A1 + 4))
for n in 1 2 3 4; do
	is "valid row $((n + 1)) imported" "$(has_id 1 "$(csvid "$F" "$n")")" 1
done
is "no bad row imported (row 15)" "$(has_id 1 "$(idn 22)")" 0
is "no bad row imported (row 13)" "$(has_id 1 "$(idn 21)")" 0
is "imported fields" "$(sql "SELECT CONCAT(name, ' ', id_mask, ' ', student_type, ' ', major) FROM student WHERE institution_id = 1 AND id_hmac = UNHEX('$(hidx "$(csvid "$F" 1)")')")" \
    "$(csvname "$F" 1) $(mask "$(csvid "$F" 1)") 院校学生 焊接技术"
is "an audit row for the import" "$(sql "SELECT detail FROM audit_log WHERE action = 'student.import' ORDER BY seq DESC LIMIT 1")" "4 rows"
A2=$(cnt 1)
is "the same file again: its rows are now registered -> 400" "$(upload a /students/import "$F")" 400
rowerr "row 2 now: 本院校已登记" 2 证件号码 本院校已登记

# Columns.
F=$T/cols.csv
printf '姓名,性别,证件类型,学生类型\r\n张三,男,居民身份证,院校学生\r\n' >"$F"
is "no 证件号码 column -> 400" "$(upload a /students/import "$F")" 400
has "says 缺少必需的列“证件号码”" "$T/body" "缺少必需的列“证件号码”"
printf '姓名,性别,证件号码,籍贯\r\n张三,%s,%s,北京\r\n' "$(sex "$(idn 24)")" "$(idn 24)" >"$F"
is "an unknown column -> 400" "$(upload a /students/import "$F")" 400
has "says 未知的列“籍贯”" "$T/body" "未知的列“籍贯”"
printf '学生姓名,性别,身份证号\r\n张三,%s,%s\r\n' "$(sex "$(idn 24)")" "$(idn 24)" >"$F"
is "alternative header names (学生姓名, 身份证号) -> 200" "$(upload a /students/import "$F")" 200
has "one imported" "$T/body" "已导入 <b>1</b> 名学生"
is "defaults: 居民身份证, 院校学生" "$(sql "SELECT CONCAT(id_type, ' ', student_type) FROM student WHERE institution_id = 1 AND id_hmac = UNHEX('$(hidx "$(idn 24)")')")" "居民身份证 院校学生"
is "count after the column tests" "$(cnt 1)" $((A2 + 1))
A2=$(cnt 1)

# Rows of empty cells, as Excel leaves them: skipped, and the rows after
# them keep the numbers Excel shows.
F=$T/blank.csv
mk 1 utf-8 $((OFS + 600)) >"$F"			# row 2
line ",,,,,,,"						# row 3
line "坏壬,男,居民身份证,$(ck "32010219990230$SQ"),院校学生,,,"	# row 4
is "an empty-cell row, then a bad row -> 400" "$(upload a /students/import "$F")" 400
has "one error only (the empty row is no error)" "$T/body" "发现 1 处错误"
rowerr "the bad row is reported as row 4, as Excel numbers it" 4 证件号码 出生日期无效
F=$T/trail.csv
mk 2 utf-8 $((OFS + 600)) >"$F"
line ",,,,,,,"
line ",,,,,,,"
is "trailing rows of empty cells -> 200" "$(upload a /students/import "$F")" 200
has "the 2 real rows imported" "$T/body" "已导入 <b>2</b> 名学生"
is "count after the empty-row tests" "$(cnt 1)" $((A2 + 2))
A2=$(cnt 1)

# Encodings.
F=$T/gbk.csv
mk 10 gbk $((OFS + 100)) >"$F"
mk 10 utf-8 $((OFS + 100)) >"$T/gbk-utf8.csv"
check "the GBK file is not UTF-8" bash -c "! iconv -f UTF-8 -t UTF-8 '$F' >/dev/null 2>&1"
is "GBK file -> 200" "$(upload a /students/import "$F")" 200
has "detected as GBK" "$T/body" "gbk.csv（GBK），共 10 行数据"
has "10 imported" "$T/body" "已导入 <b>10</b> 名学生"
is "10 more students" "$(cnt 1)" $((A2 + 10))
n1=$(csvname "$T/gbk-utf8.csv" 1)
i1=$(csvid "$T/gbk-utf8.csv" 1)
is "the GBK name is stored as the right UTF-8 ($n1)" "$(sql "SELECT name FROM student WHERE institution_id = 1 AND id_hmac = UNHEX('$(hidx "$i1")')")" "$n1"
is "and its class (2020级N班) too" "$(sql "SELECT class_name FROM student WHERE institution_id = 1 AND id_hmac = UNHEX('$(hidx "$i1")')")" "$(sed -n 2p "$T/gbk-utf8.csv" | cut -d, -f8 | tr -d '\r')"
A2=$(cnt 1)
F=$T/bom.csv
{ printf '\xef\xbb\xbf'; mk 2 utf-8 $((OFS + 200)); } >"$F"
is "UTF-8 with BOM -> 200" "$(upload a /students/import "$F")" 200
has "detected as UTF-8 (BOM)" "$T/body" "（UTF-8 (BOM)），共 2 行数据"
has "2 imported (the BOM did not spoil the 姓名 header)" "$T/body" "已导入 <b>2</b> 名学生"
F=$T/utf16.csv
mk 2 utf-8 $((OFS + 300)) | $PY -c 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8").encode("utf-16"))' >"$F"
is "UTF-16LE -> 400" "$(upload a /students/import "$F")" 400
has "says 无法识别文件编码" "$T/body" "无法识别文件编码"
is "count: 2 from the BOM file, none from UTF-16" "$(cnt 1)" $((A2 + 2))
A2=$(cnt 1)

# Size fences: nginx at 12 MB (its 413 page), the responder at 10 MB.
head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T/big.csv"
is "a 20 MB file -> 413 (nginx)" "$(upload a /students/import "$T/big.csv")" 413
has "413 page says 过大" "$T/body" "过大"
{ mk 1 utf-8 $((OFS + 400)); head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' ' '; } >"$T/big.csv"
is "an 11 MB file -> 413 (responder)" "$(upload a /students/import "$T/big.csv")" 413
has "says 不能超过10MB" "$T/body" "不能超过10MB"
rm -f "$T/big.csv"
is "count unchanged by the fences" "$(cnt 1)" "$A2"

# A number registered at another institution: a warning, still imported.
is "B registers a student" "$(add b name=跨校 gender="$(sex "$(idn 30)")" id_number="$(idn 30)")" 303
F=$T/warn.csv
mk 2 utf-8 $((OFS + 500)) >"$F"
line "跨校,$(sex "$(idn 30)"),居民身份证,$(idn 30),院校学生,,,"
is "same number as B's student -> 200" "$(upload a /students/import "$F")" 200
has "a 提示 section" "$T/body" "<h2>提示</h2>"
rowerr "row 4: 已在其他院校登记 (a warning)" 4 证件号码 已在其他院校登记
has "3 imported" "$T/body" "已导入 <b>3</b> 名学生"
hasnt "no error" "$T/body" "处错误"
is "A has it now" "$(has_id 1 "$(idn 30)")" 1
is "B still has it" "$(has_id 2 "$(idn 30)")" 1
is "B's count: one more (its own add only)" "$(cnt 2)" $((B0 + 1))
is "an organisation cannot import" "$(upload o /students/import "$F")" 404
is "an empty upload -> 400" "$(upload a /students/import /dev/null)" 400

# --- No plaintext number at rest ----------------------------------------
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
for id in "$ID1" "$ID2" "$ID3" "$IDX" "$L18" "$PP" "$(idn 30)" "$(csvid "$T/bad.csv" 1)" "$i1" 610114200103061011; do
	is "no plaintext $(mask "$id") in student" "$(sql "SELECT COUNT(*) FROM student WHERE id_cipher LIKE '%$id%' OR id_mask = '$id' OR name LIKE '%$id%'")" 0
	is "no hex of $(mask "$id") in the ciphertexts" "$(sql "SELECT COUNT(*) FROM student WHERE HEX(id_cipher) LIKE '%$(hexof "$id")%'")" 0
	is "no $(mask "$id") in student_change" "$(sql "SELECT COUNT(*) FROM student_change WHERE old_value LIKE '%$id%' OR new_value LIKE '%$id%'")" 0
done
mariadb-dump --no-defaults -S "$XC_VAR/run/db.sock" -uroot --hex-blob --skip-comments xcert >"$T/dump.sql" 2>/dev/null
check "database dump made" test -s "$T/dump.sql"
leak=0
for id in "$ID1" "$ID2" "$ID3" "$IDX" "$L18" "$PP" "$(idn 30)" "$i1" 610114200103061011; do
	grep -qF -- "$id" "$T/dump.sql" && leak=1
	grep -qiF -- "$(hexof "$id")" "$T/dump.sql" && leak=1
done
is "no full number (nor its hex) anywhere in a dump of the database" "$leak" 0
rm -f "$T/dump.sql"
leak=0
for id in "$ID1" "$ID2" "$ID3" "$IDX" "$L18" "$PP" "$(idn 30)" "$i1"; do
	grep -rqF -- "$id" "$XC_VAR/log" && leak=1
done
is "no number used here is in the logs" "$leak" 0

# --- Export --------------------------------------------------------------
# A formula-like value that only the database could hold.
sql "UPDATE student SET class_name = '=1+1', major = '@SUM(A1)' WHERE id = $S2"
is "export (A) -> 200" "$(headers a /students/export)" 200
has "Content-Type spreadsheetml" "$T/hdr" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
has "an attachment" "$T/hdr" 'filename="students.xlsx"'
is "the body is a zip (PK)" "$(head -c 2 "$T/body")" PK
cp "$T/body" "$T/a.xlsx"
xl "$T/a.xlsx" >"$T/a.txt"
check "the workbook has sheet1.xml" $PY -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).getinfo('xl/worksheets/sheet1.xml')" "$T/a.xlsx"
has "header 证件号码（已脱敏）" "$T/a.txt" "证件号码（已脱敏）"
has "masked number of an added student" "$T/a.txt" "$(mask "$ID3")"
has "masked number of a demo student" "$T/a.txt" "610114*****1011"
has "an imported GBK name" "$T/a.txt" "$n1"
leak=0
for id in "$ID2" "$ID3" "$IDX" "$L18" "$PP" "$i1" 610114200103061011; do
	grep -qF -- "$id" "$T/a.txt" && leak=1
	unzip -p "$T/a.xlsx" | grep -qaF -- "$id" && leak=1
done
is "no full number in the workbook" "$leak" 0
is "no cell starts with = + - @" "$(grep -cE '^[=+@-]' "$T/a.txt")" 0
has "the formula-like class is kept inert (')" "$T/a.txt" "'=1+1"
has "the formula-like major too" "$T/a.txt" "'@SUM(A1)"
rows=$($PY -c "import re,sys,zipfile; print(len(re.findall(r'<row ', zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())))" "$T/a.xlsx")
is "one row per student of A plus the header" "$rows" $(($(cnt 1) + 1))
sql "UPDATE student SET class_name = '2024级1班', major = '焊接技术' WHERE id = $S2"
is "export by name filter" "$(get a "/students/export?name=$(urlenc 测试甲改)" "$T/f.xlsx")" 200
xl "$T/f.xlsx" >"$T/f.txt"
has "filtered export holds 测试甲改" "$T/f.txt" 测试甲改
hasnt "and not 朱鹏飞" "$T/f.txt" 朱鹏飞
is "export (B) -> 200" "$(get b /students/export "$T/b.xlsx")" 200
xl "$T/b.xlsx" >"$T/b.txt"
hasnt "B's export lacks A's students" "$T/b.txt" "610114*****1011"
has "B's export has its own" "$T/b.txt" "$(mask "$(idn 30)")"
is "export (zcjy) -> 200" "$(get o /students/export "$T/o.xlsx")" 200
xl "$T/o.xlsx" >"$T/o.txt"
has "zcjy's export holds the registered 朱鹏飞" "$T/o.txt" "610114*****1011"
hasnt "and not A's unregistered students" "$T/o.txt" "$(mask "$ID3")"
hasnt "nor B's" "$T/o.txt" "$(mask "$(idn 30)")"
done_testing
