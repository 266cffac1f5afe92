#!/bin/bash
# t0014-takeover.sh: an institution cannot open, reset or learn the
# password of a student login through which another institution's
# records are reachable (issue 8, defect 1); the platform admin can, and
# is audited; the same ID number at two institutions is flagged to the
# organisations concerned.
. "$(dirname "$0")/lib.sh"

refusal="本院校不能开通或重置该学生的登录密码"
A=21020000000000000000
Bc=11010000000000000031
login a biz2102 >/dev/null			# business admin of institution A
login b p11010000000000000031 >/dev/null	# principal of institution B
login o hxzz >/dev/null				# organisation of B's exam plan
login adm admin >/dev/null

# B's student with a confirmed certificate and a login.
bsid=$(sql "SELECT s.id FROM student s JOIN institution i ON i.id = s.institution_id
    JOIN certificate c ON c.student_id = s.id WHERE i.code = '$Bc'
    AND c.status = 'confirmed' AND s.account_id IS NOT NULL ORDER BY s.id LIMIT 1")
bacct=$(sql "SELECT account_id FROM student WHERE id = $bsid")
is "B's principal sees the full ID number (audited)" "$(post b "/students/$bsid/reveal" "$(page_token b "/students/$bsid")")" 200
idno=$(grep -o '<span class="mono reveal">[^<]*' "$T/body" | sed 's/.*>//')
is "an 18-character ID number" "${#idno}" 18
is "B's student logs in" "$(login s "$idno")" 303
is "and sees 我的证书" "$(get s /certs/mine "$T/mine0")" 200
cert=$(grep -o '15600232012020000000[0-9]*' "$T/mine0" | head -n1)
check "with B's certificate" test -n "$cert"
g=$( [ $(( ${idno:16:1} % 2 )) -eq 1 ] && echo 男 || echo 女)

pw0=$(sql "SELECT pw_hash FROM account WHERE id = $bacct")
sess0=$(sql "SELECT COUNT(*) FROM session WHERE account_id = $bacct")
links0=$(sql "SELECT GROUP_CONCAT(id, ':', IFNULL(account_id, 0) ORDER BY id) FROM student WHERE id_hmac = (SELECT id_hmac FROM student WHERE id = $bsid)")
audit0=$(sql "SELECT COUNT(*) FROM audit_log")
notes0=$(sql "SELECT COUNT(*) FROM notification n JOIN account a ON a.id = n.account_id WHERE a.login = 'hxzz' AND n.title LIKE '重复登记%'")

# The takeover sequence: A registers B's student's ID number, then asks
# for a one-time password.
tok=$(page_token a /students/new)
is "A may register the same ID number (people study at two places)" "$(post a /students/new "$tok" name=冒名测试 gender=$g id_type=居民身份证 "id_number=$idno" student_type=院校学生)" 303
asid=$(location | sed 's|?.*||; s|.*/||')
audit1=$(sql "SELECT COUNT(*) FROM audit_log")
is "(one audit row: the new record)" "$((audit1 - audit0))" 1
get a "/students/$asid" >/dev/null
has "A's page marks the duplicate" "$T/body" "该证件号码在其他院校也有学生记录"
is "A's reset is refused" "$(post a "/students/$asid/account" "$(csrf)")" 409
has "with a Chinese reason" "$T/body" "$refusal"
has "naming the platform admin" "$T/body" "请联系平台管理员重置"
hasnt "and no one-time password" "$T/body" "初始密码为"
is "the password is unchanged" "$(sql "SELECT pw_hash FROM account WHERE id = $bacct")" "$pw0"
is "must_change_pw untouched" "$(sql "SELECT must_change_pw FROM account WHERE id = $bacct")" 0
is "B's student's sessions are kept" "$(sql "SELECT COUNT(*) FROM session WHERE account_id = $bacct")" "$sess0"
is "B's student is still logged in" "$(get s /certs/mine "$T/mine1")" 200
is "and sees the same 我的证书" "$(grep -o '15600[0-9]*' "$T/mine1")" "$(grep -o '15600[0-9]*' "$T/mine0")"
is "B's record keeps its account, A's record is not linked" "$(sql "SELECT GROUP_CONCAT(id, ':', IFNULL(account_id, 0) ORDER BY id) FROM student WHERE id_hmac = (SELECT id_hmac FROM student WHERE id = $bsid)")" "$links0,$asid:0"
is "nothing audited by the refusal" "$(sql "SELECT COUNT(*) FROM audit_log")" "$audit1"
is "no second student account" "$(sql "SELECT COUNT(*) FROM account WHERE role = 'student' AND login = LOWER(HEX((SELECT id_hmac FROM student WHERE id = $bsid)))")" 1

# The duplicate reaches the organisation of B's plan.
notes1=$(sql "SELECT COUNT(*) FROM notification n JOIN account a ON a.id = n.account_id WHERE a.login = 'hxzz' AND n.title LIKE '重复登记%'")
is "the organisation staff get a notification" "$((notes1 - notes0))" 1
mask=$(sql "SELECT id_mask FROM student WHERE id = $bsid")
has "naming the masked ID only" <(sql "SELECT title FROM notification n JOIN account a ON a.id = n.account_id WHERE a.login = 'hxzz' ORDER BY n.id DESC LIMIT 1") "$mask"
is "the organisation's 重复登记 list" "$(get o /students/corrections)" 200
has "shows both institutions" "$T/body" "$Bc $A"
is "no notification holds the full number" "$(sql "SELECT COUNT(*) FROM notification WHERE title LIKE '%$idno%'")" 0

# B, too, may no longer reset: A's record now carries the same number.
is "B's own reset is refused as well" "$(post b "/students/$bsid/account" "$(page_token b "/students/$bsid")")" 409
is "still nothing changed" "$(sql "SELECT pw_hash FROM account WHERE id = $bacct")" "$pw0"

# The platform admin resets it, audited, and links the person's records.
get adm "/students/$bsid" >/dev/null
has "the admin is offered a reset" "$T/body" "重置学生登录密码（平台管理员）"
is "the admin resets the login" "$(post adm "/students/$bsid/account" "$(csrf)")" 200
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "a 12-character one-time password" "${#otp}" 12
hasnt "never the full ID number" "$T/body" "$idno"
n=$(sql "SELECT COUNT(*) FROM audit_log l JOIN account a ON a.id = l.account_id WHERE a.login = 'admin' AND l.action = 'student.account_reset' AND l.object_type = 'student' AND l.object_id = $bsid")
is "audited as the admin's" "$n" 1
is "the student's old session ended" "$(headers s /certs/mine)" 303
is "the student logs in with it" "$(login s "$idno" "$otp")" 303
tok=$(page_token s /password)
is "and sets a password" "$(post s /password "$tok" "old_password=$otp" new_password=Takeover-Pw-1 new_password2=Takeover-Pw-1)" 303
is "then sees 我的证书" "$(get s /certs/mine)" 200
has "with B's certificate" "$T/body" "$cert"
is "every record of the person is on the one login" "$(sql "SELECT COUNT(*) FROM student WHERE id_hmac = (SELECT id_hmac FROM student WHERE id = $bsid) AND account_id = $bacct")" 2
is "A still cannot reset it" "$(post a "/students/$asid/account" "$(page_token a "/students/$asid")")" 409
is "and the student's password stands" "$(login s2 "$idno" Takeover-Pw-1)" 303

# No login yet, records at two institutions: neither may create it.
id2=$(idno_new 110105)
is "B adds a student" "$(post b /students/new "$(page_token b /students/new)" name=两校学生 gender=女 id_type=居民身份证 "id_number=$id2" student_type=院校学生)" 303
b2=$(location | sed 's|?.*||; s|.*/||')
is "A adds the same number" "$(post a /students/new "$(page_token a /students/new)" name=两校学生 gender=女 id_type=居民身份证 "id_number=$id2" student_type=院校学生)" 303
a2=$(location | sed 's|?.*||; s|.*/||')
is "A cannot open the login" "$(post a "/students/$a2/account" "$(page_token a "/students/$a2")")" 409
has "(the reason)" "$T/body" "$refusal"
is "nor can B" "$(post b "/students/$b2/account" "$(page_token b "/students/$b2")")" 409
is "no account was created" "$(sql "SELECT COUNT(*) FROM account WHERE login = LOWER(HEX((SELECT id_hmac FROM student WHERE id = $b2)))")" 0
is "the admin opens it" "$(post adm "/students/$b2/account" "$(page_token adm "/students/$b2")")" 200
n=$(sql "SELECT COUNT(DISTINCT s.account_id) FROM student s JOIN account a ON a.id = s.account_id WHERE s.id IN ($a2, $b2) AND a.created_by = (SELECT id FROM account WHERE login = 'admin')")
is "one login for both records, created by the admin" "$n" 1
is "audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'student.account_create' AND object_id = $b2")" 1

# A login opened by A first links A's record only; B's later record
# with the same number does not join it, and neither may reset it now.
id3=$(idno_new 210202)
is "A adds a student" "$(post a /students/new "$(page_token a /students/new)" name=本校学生 gender=女 id_type=居民身份证 "id_number=$id3" student_type=院校学生)" 303
a3=$(location | sed 's|?.*||; s|.*/||')
get a "/students/$a3" >/dev/null
hasnt "no duplicate marker" "$T/body" "该证件号码在其他院校也有学生记录"
is "A opens its own student's login" "$(post a "/students/$a3/account" "$(csrf)")" 200
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "A resets it" "$(post a "/students/$a3/account" "$(page_token a "/students/$a3")")" 200
is "both audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE object_type = 'student' AND object_id = $a3 AND action LIKE 'student.account_%'")" 2
acct3=$(sql "SELECT IFNULL(account_id, 0) FROM student WHERE id = $a3")
pw3=$(sql "SELECT pw_hash FROM account WHERE id = $acct3")
is "B adds the same number" "$(post b /students/new "$(page_token b /students/new)" name=本校学生 gender=女 id_type=居民身份证 "id_number=$id3" student_type=院校学生)" 303
b3=$(location | sed 's|?.*||; s|.*/||')
is "B's record is not linked to A's login" "$(sql "SELECT IFNULL(account_id, 0) FROM student WHERE id = $b3")" 0
is "B cannot reset A's login" "$(post b "/students/$b3/account" "$(page_token b "/students/$b3")")" 409
is "A cannot reset it now either" "$(post a "/students/$a3/account" "$(page_token a "/students/$a3")")" 409
is "the password is unchanged" "$(sql "SELECT pw_hash FROM account WHERE id = $acct3")" "$pw3"
is "B's record is still not linked" "$(sql "SELECT IFNULL(account_id, 0) FROM student WHERE id = $b3")" 0
done_testing
