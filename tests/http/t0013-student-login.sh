#!/bin/bash
# t0013-student-login.sh: the institution opens a student's login (ID
# number + one-time password); the student must change it, then sees
# their certificates; a reset ends the student's sessions.
. "$(dirname "$0")/lib.sh"

idno=$(/usr/bin/python3 -c "
import random
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
s = '31010419%02d0%d2%d%03d' % (random.randint(70, 99), random.randint(1, 9),
    random.randint(0, 8), random.randint(0, 998) // 2 * 2)
print(s + '10X98765432'[sum(int(a) * b for a, b in zip(s, w)) % 11])")
login a p21020000000000000000 >/dev/null
login b p11010000000000000031 >/dev/null
tok=$(page_token a /students/new)
is "a new student" "$(post a /students/new "$tok" name=登录测试 gender=女 id_type=居民身份证 "id_number=$idno" student_type=院校学生)" 303
sid=$(location | sed 's|?.*||; s|.*/||')
is "no login before the institution opens one" "$(login s "$idno" whatever-1)" 401
get a "/students/$sid" >/dev/null
has "the student page offers 开通学生登录" "$T/body" "开通学生登录"
tok=$(csrf)
is "another institution cannot open it" "$(post b "/students/$sid/account" "$(page_token b /students)")" 404
is "the institution opens the login" "$(post a "/students/$sid/account" "$tok")" 200
has "the one-time page names the student, masked" "$T/body" "登录测试"
hasnt "and never the full ID number" "$T/body" "$idno"
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "a 12-character one-time password" "${#otp}" 12
is "the student logs in with the ID number" "$(login s "$idno" "$otp")" 303
is "and must change the password first" "$(headers s /certs/mine)" 303
is "to /password" "$(location)" /password
tok=$(page_token s /password)
is "the student sets a password" "$(post s /password "$tok" "old_password=$otp" new_password=Student-Pw-1 new_password2=Student-Pw-1)" 303
is "then sees 我的证书" "$(get s /certs/mine)" 200
has "(none yet)" "$T/body" "暂无证书"
n=$(sql "SELECT COUNT(*) FROM account WHERE role = 'student' AND login = LOWER(HEX((SELECT id_hmac FROM student WHERE id = $sid)))")
is "the account's login is the blind index, not the number" "$n" 1
is "no account holds the ID number" "$(sql "SELECT COUNT(*) FROM account WHERE login LIKE '%$idno%'")" 0
get a "/students/$sid" >/dev/null
has "the page now offers a reset" "$T/body" "重置学生登录密码"
is "the institution resets it" "$(post a "/students/$sid/account" "$(csrf)")" 200
is "the student's session ended" "$(headers s /certs/mine)" 303
is "the old password no longer works" "$(login s2 "$idno" Student-Pw-1)" 401
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE object_type = 'student' AND object_id = $sid AND action LIKE 'student.account_%'")
is "both audited" "$n" 2
done_testing
