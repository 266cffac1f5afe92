#!/bin/bash
# t0015-auth-fixes.sh: issue 8, defects 2, 3, 5 and 6: the lockout holds
# for every spelling of a login; the Origin check is the configured base
# URL; an update of a missing organisation is 404; an invalid optional
# field is refused, not stored as empty; expired throttle rows are swept.
. "$(dirname "$0")/lib.sh"

# The address counter is shared by every test from 127.0.0.1.
sql "DELETE FROM login_throttle WHERE kind = 'ip'"

# --- 2: one spelling per login, one counter per account ----------------
is "account.login compares byte for byte" "$(sql "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'xcert' AND TABLE_NAME = 'account' AND COLUMN_NAME = 'login'")" ascii_bin
check "the schema refuses a login in another spelling" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e \"INSERT INTO account (login, display_name, role, pw_hash) VALUES ('Admin2', 'x', 'admin', 'x')\" 2>/dev/null"
aid=$(sql "SELECT id FROM account WHERE login = 'admin'")
for i in 1 2 3 4 5; do login t admin wrong-$i >/dev/null; done
is "5 failures lock admin" "$(login t admin)" 429
for spelling in ａｄｍｉｎ ádmin ＡＤＭＩＮ ADMIN Admin; do
	code=$(login t "$spelling")
	case $code in
	401|429) ok "the right password under '$spelling' is refused ($code)";;
	*) nok "the right password under '$spelling' is refused"; echo "#   got $code";;
	esac
done
is "the right spelling is still locked" "$(login t admin)" 429
n=$(sql "SELECT fails FROM login_throttle WHERE key_hash = UNHEX(SHA2(CONCAT('acct:', $aid), 256))")
is "the failures are also counted against the account" "$n" 5
sql "DELETE FROM login_throttle"
is "unlocked, ADMIN is admin's one spelling" "$(login t ADMIN)" 303
get t / >/dev/null
has "logged in as admin" "$T/body" "平台管理员"

login adm admin >/dev/null
oid=$(sql "SELECT id FROM organisation ORDER BY id LIMIT 1")
tok=$(page_token adm "/admin/orgs/$oid")
is "a full-width staff login is refused at creation" "$(post adm "/admin/orgs/$oid/staff" "$tok" login=ｚｈａｎｇ display_name=张三)" 400
has "with the login rule" "$T/body" "英文字母"
u=MixedCase$RANDOM
is "a staff login in capitals is created" "$(post adm "/admin/orgs/$oid/staff" "$tok" "login=$u" display_name=李四)" 200
lc=$(echo "$u" | tr A-Z a-z)
is "stored in lower case" "$(sql "SELECT COUNT(*) FROM account WHERE login = '$lc'")" 1
has "and shown so on the one-time page" "$T/body" "$lc"
is "the same login in other capitals is taken" "$(post adm "/admin/orgs/$oid/staff" "$tok" "login=$lc" display_name=王五)" 409

# A student's ID number ending in X logs in typed with a lower-case x.
read -r idno sex <<<"$(/usr/bin/python3 -c "
import random
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
while True:
    s = '31010419%02d0%d1%d%03d' % (random.randint(70, 99), random.randint(1, 9),
        random.randint(0, 8), random.randint(0, 999))
    if '10X98765432'[sum(int(a) * b for a, b in zip(s, w)) % 11] == 'X':
        break
print(s + 'X', '男' if int(s[16]) % 2 else '女')")"
login a p21020000000000000000 >/dev/null
tok=$(page_token a /students/new)
is "a student whose number ends in X" "$(post a /students/new "$tok" name=校验位 "gender=$sex" id_type=居民身份证 "id_number=$idno" student_type=院校学生)" 303
sid=$(location | sed 's|?.*||; s|.*/||')
get a "/students/$sid" >/dev/null
is "the institution opens the login" "$(post a "/students/$sid/account" "$(csrf)")" 200
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "the student logs in with a lower-case x" "$(login s "${idno%X}x" "$otp")" 303

# --- 3: Origin is the configured base URL, exactly ---------------------
# POST /login without a password: 400 when the origin passes, 403 when not.
origin_post() {	# HOST ORIGIN: prints the status
	local pre
	rm -f "$T/o"
	get o /login >/dev/null
	# curl matches jar cookies to a forced Host: send the cookie itself.
	pre=$(awk '$6 == "xc_pre" { print $7 }' "$T/o")
	curl -s -o "$T/body" -w '%{http_code}' -H "Cookie: xc_pre=$pre" \
	    -H "Host: $1" -H "Origin: $2" --data-urlencode "_csrf=$(csrf)" \
	    --data "login=x" "$B/login"
}
hp=${B#http://}
is "Origin http://127.0.0.1 (no port) is refused" "$(origin_post 127.0.0.1 http://127.0.0.1)" 403
is "Origin https://127.0.0.1 is refused" "$(origin_post 127.0.0.1 https://127.0.0.1)" 403
is "Host evil.example with a matching Origin is refused" "$(origin_post evil.example http://evil.example)" 403
is "another port on the same host is refused" "$(origin_post "$hp" "http://127.0.0.1:1")" 403
is "the configured origin is accepted" "$(origin_post "$hp" "$B")" 400

# --- 5: an update of a missing organisation ----------------------------
n0=$(sql "SELECT COUNT(*) FROM audit_log")
u0=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.update' AND object_id = $oid")
tok=$(page_token adm "/admin/orgs/$oid")
is "POST /admin/orgs/<missing> is 404" "$(post adm /admin/orgs/999999 "$tok" code=NOORG$RANDOM name=不存在的机构)" 404
is "and writes no audit row" "$(sql "SELECT COUNT(*) FROM audit_log")" "$n0"
read -r code name <<<"$(sql "SELECT code, name FROM organisation WHERE id = $oid")"
is "an unchanged organisation is shown again" "$(post adm "/admin/orgs/$oid" "$tok" "code=$code" "name=$name")" 200
is "without an audit row" "$(sql "SELECT COUNT(*) FROM audit_log")" "$n0"
is "a real change still saves" "$(post adm "/admin/orgs/$oid" "$tok" "code=$code" "name=${name}改")" 303
is "with its audit row" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.update' AND object_id = $oid")" $((u0 + 1))
post adm "/admin/orgs/$oid" "$tok" "code=$code" "name=$name" >/dev/null

# --- 6a: an invalid optional field is refused --------------------------
rawpost() {	# JAR PATH TOKEN RAW-BODY: the body sent as typed; prints status
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$3" --data "$4" "$B$2"
}
row() { sql "SELECT CONCAT_WS('|', name, phone, major, class_name, version) FROM student WHERE id = $sid"; }
before=$(row)
tok=$(page_token a "/students/$sid/edit")
ver=$(sql "SELECT version FROM student WHERE id = $sid")
base="name=%E6%A0%A1%E9%AA%8C%E4%BD%8D&gender=$(printf %s "$sex" | od -An -tx1 | tr ' ' % | tr -d '\n')&id_type=%E5%B1%85%E6%B0%91%E8%BA%AB%E4%BB%BD%E8%AF%81&id_number=&student_type=%E9%99%A2%E6%A0%A1%E5%AD%A6%E7%94%9F&major=&class_name=&version=$ver"
is "edit with phone=%FF is refused" "$(rawpost a "/students/$sid/edit" "$tok" "$base&phone=%FF")" 400
has "with the phone's message" "$T/body" "手机号码应为11位数字"
long=$(printf '1%.0s' $(seq 200))
is "edit with a 200-character phone is refused" "$(rawpost a "/students/$sid/edit" "$tok" "$base&phone=$long")" 400
has "with the phone's message" "$T/body" "手机号码应为11位数字"
is "edit with major=%FF is refused" "$(rawpost a "/students/$sid/edit" "$tok" "${base/major=/major=%FF}&phone=")" 400
has "with the major's message" "$T/body" "专业含有无效字符"
is "the student row is unchanged" "$(row)" "$before"
is "a valid edit still saves" "$(rawpost a "/students/$sid/edit" "$tok" "$base&phone=13800138000")" 303
n=$(sql "SELECT COUNT(*) FROM student")
tok=$(page_token a /students/new)
new="name=%E6%96%B0%E7%94%9F&gender=%E7%94%B7&id_type=%E5%B1%85%E6%B0%91%E8%BA%AB%E4%BB%BD%E8%AF%81&id_number=11010519491231002X&student_type=%E9%99%A2%E6%A0%A1%E5%AD%A6%E7%94%9F"
is "/students/new with phone=%FF is refused" "$(rawpost a /students/new "$tok" "$new&phone=%FF")" 400
has "with the phone's message" "$T/body" "手机号码应为11位数字"
is "/students/new with a 200-character phone is refused" "$(rawpost a /students/new "$tok" "$new&phone=$long")" 400
is "no student was added" "$(sql "SELECT COUNT(*) FROM student")" "$n"

# --- 6b: expired throttle rows are swept -------------------------------
sql "INSERT INTO login_throttle (key_hash, kind, fails, first_fail, last_fail) VALUES
    (UNHEX(SHA2('account:t0015-expired', 256)), 'account', 3, NOW() - INTERVAL 1 HOUR, NOW() - INTERVAL 1 HOUR),
    (UNHEX(SHA2('ip:t0015-expired', 256)), 'ip', 9, NOW() - INTERVAL 16 MINUTE, NOW() - INTERVAL 16 MINUTE),
    (UNHEX(SHA2('account:t0015-live', 256)), 'account', 2, NOW() - INTERVAL 5 MINUTE, NOW())"
is "a failed login" "$(login t no-such-login wrong)" 401
is "sweeps the expired throttle rows" "$(sql "SELECT COUNT(*) FROM login_throttle WHERE key_hash IN (UNHEX(SHA2('account:t0015-expired', 256)), UNHEX(SHA2('ip:t0015-expired', 256)))")" 0
is "and keeps the live one" "$(sql "SELECT COUNT(*) FROM login_throttle WHERE key_hash = UNHEX(SHA2('account:t0015-live', 256))")" 1
sql "DELETE FROM login_throttle"
done_testing
