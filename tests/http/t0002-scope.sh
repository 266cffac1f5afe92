#!/bin/bash
# t0002-scope.sh: roles per route, and every query scoped to the caller's
# institution or organisation (someone else's record answers 404).
. "$(dirname "$0")/lib.sh"

login a p21020000000000000000 >/dev/null
login b p11010000000000000031 >/dev/null
login z biz2102 >/dev/null
login o hxzz >/dev/null
login s 610114200103061011 >/dev/null

is "A's principal lists certificates" "$(get a /certs)" 200
has "A sees its 61" "$T/body" "全部 <b>61</b>"
get a '/certs?per=100' >/dev/null
has "A sees the seed's row" "$T/body" "15600031012020000000456"
has "IDs are masked as in the seed" "$T/body" "610114*****1011"
hasnt "no full ID number on the page" "$T/body" "610114200103061011"
is "B's principal lists certificates" "$(get b /certs)" 200
has "B sees its 8" "$T/body" "全部 <b>8</b>"
hasnt "B does not see A's certificates" "$T/body" "15600031012020000000456"
hasnt "B does not see A's students" "$T/body" "610114*****1011"
is "B searching A's certificate number finds nothing" "$(get b '/certs?number=15600031012020000000456')" 200
has "empty result" "$T/body" "没有符合条件的证书"
is "org B sees only its own plan" "$(get o /certs)" 200
has "org B count" "$T/body" "全部 <b>8</b>"
hasnt "org B does not see org A's certificates" "$T/body" "中船教育科技"
is "B's student list" "$(get b /students)" 200
hasnt "B's student list lacks A's students" "$T/body" "朱鹏飞"
is "A's student list" "$(get a /students?name=朱鹏飞)" 200
has "A finds its student by name" "$T/body" "610114*****1011"

# Filter by ID number (blind index), status tabs.
is "filter by ID number" "$(idfind a /certs 610114200103061011)" 200
hasnt "the ID number is not in the URL" "$T/idfind.url" "610114200103061011"
check "the URL carries the blind index" grep -Eq 'idx=[0-9a-f]{64}' "$T/idfind.url"
has "the ID filter finds the seed row" "$T/body" "15600031012020000000456"
has "and only it" "$T/body" "共 1 条"
n=$(grep -c 'class="mono">1560003101202000000' "$T/body")
is "one row for one ID number" "$n" 1
is "the students list filters by ID number too" "$(idfind a /students 610114200103061011)" 200
has "finding 朱鹏飞" "$T/body" "610114*****1011"
exp=$(grep -o 'href="/students/export[^"]*"' "$T/body" | sed 's/href="//;s/"$//;s/&amp;/\&/g')
check "the export link carries the blind index, not the number" bash -c "echo '$exp' | grep -Eq 'idx=[0-9a-f]{64}' && ! echo '$exp' | grep -q 610114200103061011"
is "the filtered export" "$(get a "$exp" "$T/x.xlsx")" 200
n=$(/usr/bin/python3 -c "
import zipfile, sys
z = zipfile.ZipFile(sys.argv[1])
t = z.read('xl/sharedStrings.xml').decode()
print(t.count('610114*****1011'), t.count('*****'))" "$T/x.xlsx")
is "holds that one student only" "$n" "1 1"
is "bad ID filter" "$(idfind a /certs 123)" 200
has "bad ID filter says so" "$T/body" "身份证号格式不正确"
get a '/certs?status=confirmed' >/dev/null
n=$(grep -c 'st-confirmed' "$T/body")
is "确认签发 tab lists 14" "$n" 14
get a '/certs?status=site_pending&per=50' >/dev/null
n=$(grep -c 'st-site_pending' "$T/body")
is "考核站点待签发 tab's first page lists 47" "$n" 47

# Roles per route: a known user without the role gets 404.
is "business admin cannot manage accounts" "$(get z /inst/staff)" 404
is "principal cannot see admin pages" "$(get a /admin/orgs)" 404
is "organisation cannot see institution pages" "$(get o /inst/profile)" 404
is "student cannot list certificates" "$(get s /certs)" 404
is "student cannot list students" "$(get s /students)" 404
is "student sees own certificates" "$(get s /certs/mine)" 200
has "student's certificate" "$T/body" "15600031012020000000456"
is "staff cannot open a student's page" "$(get a /certs/mine)" 404

# Object scope: B cannot act on A's business admin.
bizid=$(sql "SELECT id FROM account WHERE login = 'biz2102'")
tok=$(page_token b /inst/staff)
is "B cannot disable A's business admin" "$(post b "/inst/staff/$bizid/disable" "$tok")" 404
is "A's business admin still enabled" "$(sql "SELECT disabled FROM account WHERE id = $bizid")" 0
tok=$(page_token b /inst/staff)
is "B cannot reset A's business admin" "$(post b "/inst/staff/$bizid/reset" "$tok")" 404
is "institution id in the form is ignored" "$(post b /inst/staff "$tok" login=scopetest$RANDOM display_name=范围测试 institution_id=1)" 200
n=$(sql "SELECT COUNT(*) FROM account WHERE login LIKE 'scopetest%' AND institution_id = 2")
is "the new account belongs to B (from the session)" "$n" 1

# A's principal disables and re-enables its business admin; the
# disabled account's sessions end.
tok=$(page_token a /inst/staff)
is "A disables its business admin" "$(post a "/inst/staff/$bizid/disable" "$tok")" 303
is "the disabled account's session ended" "$(headers z /)" 303
is "the disabled account cannot log in" "$(login z biz2102)" 401
tok=$(page_token a /inst/staff)
is "A re-enables it" "$(post a "/inst/staff/$bizid/enable" "$tok")" 303
is "it logs in again" "$(login z biz2102)" 303

# The principal is unique per institution and cannot be disabled.
check "a second principal is refused by the schema" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e \"INSERT INTO account (login, display_name, role, institution_id, pw_hash) VALUES ('p2x', 'x', 'principal', 1, 'x')\" 2>/dev/null"
check "the principal cannot be disabled" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e \"UPDATE account SET disabled = 1 WHERE login = 'p21020000000000000000'\" 2>/dev/null"
done_testing
