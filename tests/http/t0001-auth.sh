#!/bin/bash
# t0001-auth.sh: log in and out for every role, sessions, password rules.
. "$(dirname "$0")/lib.sh"

is "login page answers 200" "$(get a /login)" 200
has "login page is in Chinese" "$T/body" "<title>登录 - 职业技能等级证书信息管理服务平台</title>"
is "anonymous / redirects" "$(headers a /)" 303
is "to the login page with next" "$(location)" "/login?next=/"

for who in admin:平台管理员 zcjy:王晓燕 hxzz:陈立新 p21020000000000000000:李建国 \
    biz2102:张敏 p11010000000000000031:赵卫东 610114200103061011:朱鹏飞; do
	l=${who%%:*}; n=${who#*:}
	is "$l logs in (303)" "$(login u "$l")" 303
	is "$l lands on /" "$(location)" /
	is "$l sees the landing page" "$(get u /)" 200
	has "$l is greeted by name" "$T/body" "欢迎，$n"
	cp "$T/u" "$T/u.old"
	tok=$(csrf)
	is "$l logs out (303)" "$(post u /logout "$tok")" 303
	rm -f "$T/reuse"; cp "$T/u.old" "$T/reuse"
	is "$l's old cookie no longer works after logout" "$(headers reuse /)" 303
done

# Cookie flags and security headers.
login c admin >/dev/null
has "session cookie is HttpOnly and SameSite=Lax" "$T/hdr" "HttpOnly; SameSite=Lax"
headers c /certs >/dev/null
has "CSP on pages" "$T/hdr" "Content-Security-Policy: default-src 'self'"
has "frame-ancestors none" "$T/hdr" "frame-ancestors 'none'"
has "nosniff" "$T/hdr" "X-Content-Type-Options: nosniff"
has "Referrer-Policy" "$T/hdr" "Referrer-Policy: same-origin"
has "no-store on personal data" "$T/hdr" "Cache-Control: no-store"

# One log line per request: UTC time, area[pid], request id, method,
# path without the query, status, ms, account.
get c '/certs?status=confirmed' >/dev/null
line=$(grep ' GET /certs 200 ' "$XC_VAR/log/issuance.log" | tail -n1)
check "request log line has time, area, id, method, path, status, ms, account" \
    bash -c "echo '$line' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z issuance\[[0-9]+\] [0-9a-f]{32} INFO GET /certs 200 [0-9.]+ms acct=[0-9]+$'"
hasnt "no query string in the log" "$XC_VAR/log/issuance.log" "status=confirmed"

# An ID number typed into the login form is never echoed back.
rm -f "$T/e"; get e /login >/dev/null
is "empty password with an ID number: 400" "$(post e /login "$(csrf)" login=610114200103061011 password=)" 400
hasnt "the ID number is not echoed" "$T/body" "610114200103061011"

# Same answer for unknown account and wrong password.
is "wrong password answers 401" "$(login w admin wrong-password)" 401
has "wrong password message" "$T/body" "账号或密码错误"
cp "$T/body" "$T/wrong.html"
is "unknown account answers 401" "$(login w nosuchuser wrong-password)" 401
has "unknown account gets the same message" "$T/body" "账号或密码错误"

# The database keeps only the SHA-256 of the session token.
tokv=$(sed -n 's/.*\txc_sid\t//p' "$T/c")
n=$(sql "SELECT COUNT(*) FROM session WHERE token_hash = UNHEX(SHA2('$tokv', 256))")
is "session row holds the token's SHA-256" "$n" 1
n=$(sql "SELECT COUNT(*) FROM session WHERE HEX(token_hash) = UPPER('$tokv') OR csrf = '$tokv'")
is "the raw token is not stored" "$n" 0

# Idle and absolute expiry, enforced server-side.
login e zcjy >/dev/null
sid=$(sql "SELECT MAX(id) FROM session")
sql "UPDATE session SET last_seen = NOW() - INTERVAL 31 MINUTE WHERE id = $sid"
is "30 min idle session is refused" "$(headers e /)" 303
is "idle-expired session row is deleted" "$(sql "SELECT COUNT(*) FROM session WHERE id = $sid")" 0
login e zcjy >/dev/null
sid=$(sql "SELECT MAX(id) FROM session")
sql "UPDATE session SET created_at = NOW() - INTERVAL 13 HOUR, last_seen = NOW() WHERE id = $sid"
is "12 h absolute expiry" "$(headers e /)" 303
login e zcjy >/dev/null
sid=$(sql "SELECT MAX(id) FROM session")
sql "UPDATE session SET last_seen = NOW() - INTERVAL 29 MINUTE WHERE id = $sid"
is "29 min idle session still works" "$(get e /)" 200

# A fresh account: one-time password, forced change, password rules,
# change ends the other sessions.
login adm admin >/dev/null
tok=$(page_token adm /admin/orgs/2)
login_new=httptest$RANDOM
is "admin creates an organisation account" "$(post adm /admin/orgs/2/staff "$tok" "login=$login_new" "display_name=测试员")" 200
has "one-time password page" "$T/body" "该密码只显示这一次"
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "one-time password has 12 characters" "${#otp}" 12
is "new account logs in" "$(login n1 "$login_new" "$otp")" 303
is "must change the password first" "$(headers n1 /)" 303
is "sent to /password" "$(location)" /password
is "other pages also go to /password" "$(headers n1 /certs)" 303
tok=$(page_token n1 /password)
is "short password refused" "$(post n1 /password "$tok" "old_password=$otp" new_password=Ab1 new_password2=Ab1)" 400
has "short password message" "$T/body" "密码至少需要8个字符"
is "common password refused" "$(post n1 /password "$tok" "old_password=$otp" new_password=Password123 new_password2=Password123)" 400
has "common password message" "$T/body" "过于常见"
is "mismatch refused" "$(post n1 /password "$tok" "old_password=$otp" new_password=Http-Test-1 new_password2=Http-Test-2)" 400
is "wrong old password refused" "$(post n1 /password "$tok" old_password=nope new_password=Http-Test-1 new_password2=Http-Test-1)" 400
is "second session for the same account" "$(login n2 "$login_new" "$otp")" 303
is "password change succeeds" "$(post n1 /password "$tok" "old_password=$otp" new_password=Http-Test-1 new_password2=Http-Test-1)" 303
is "to the home page, confirming (ok=password)" "$(location)" "/?ok=password"
is "this browser stays logged in" "$(get n1 "/?ok=password")" 200
has "notice after the change, in a status bar" "$T/body" '<div class="flash" role="status">密码已修改，其他设备上的登录已全部退出。</div>'
get n1 / >/dev/null
hasnt "not shown without ok=" "$T/body" 'class="flash"' 
is "the other session was ended" "$(headers n2 /)" 303
is "old password no longer works" "$(login n3 "$login_new" "$otp")" 401
is "new password works" "$(login n3 "$login_new" Http-Test-1)" 303
n=$(sql "SELECT COUNT(*) FROM account WHERE login = '$login_new' AND pw_hash LIKE '\$argon2id\$%'")
is "password stored as argon2id" "$n" 1

# Throttling: 5 failures lock the account for 15 minutes, even with the
# right password; kept in the database.
for i in 1 2 3 4 5; do login t "$login_new" wrong-$i >/dev/null; done
is "6th attempt is throttled" "$(login t "$login_new" Http-Test-1)" 429
has "throttle message" "$T/body" "登录失败次数过多"
n=$(sql "SELECT fails FROM login_throttle WHERE key_hash = UNHEX(SHA2(CONCAT('account:', LOWER('$login_new')), 256))")
is "failures counted in the database" "$n" 5

# Audit rows for login and password change, chain intact.
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'account.password'")
check "password change audited" test "$n" -ge 1
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'account.login'")
check "logins audited" test "$n" -ge 8
out=$(cd "$XC_ROOT" && XC_VAR=$XC_VAR "$XC_ROOT/bin/xadmin" audit-verify)
case $out in "audit chain ok"*) ok "audit chain verifies ($out)";; *) nok "audit chain verifies: $out";; esac
check "audit_log refuses UPDATE" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e 'UPDATE audit_log SET detail=\"x\" WHERE seq=1' 2>/dev/null"
done_testing
