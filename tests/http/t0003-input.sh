#!/bin/bash
# t0003-input.sh: CSRF and origin checks, 400/404/405/413, hostile input.
. "$(dirname "$0")/lib.sh"

login a p21020000000000000000 >/dev/null
tok=$(page_token a /inst/staff)
# CSRF
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" --data "login=csrf1&display_name=x" "$B/inst/staff")
is "POST without a CSRF token is refused" "$code" 403
has "403 page in Chinese" "$T/body" "请求未通过安全校验"
is "POST with a wrong token is refused" "$(post a /inst/staff "$(printf 'a%.0s' $(seq 64))" login=csrf2 display_name=xx)" 403
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: https://evil.example" --data-urlencode "_csrf=$tok" --data "login=csrf3&display_name=xx" "$B/inst/staff")
is "POST from another origin is refused" "$code" 403
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Sec-Fetch-Site: cross-site" --data-urlencode "_csrf=$tok" --data "login=csrf4&display_name=xx" "$B/inst/staff")
is "cross-site fetch is refused" "$code" 403
is "no account was created by refused posts" "$(sql "SELECT COUNT(*) FROM account WHERE login LIKE 'csrf%'")" 0
rm -f "$T/anon"; get anon /login >/dev/null
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/anon" --data "login=admin&password=$PW" "$B/login")
is "login without its CSRF token is refused" "$code" 403
code=$(curl -s -o "$T/body" -w '%{http_code}' --data-urlencode "_csrf=$(csrf "$T/tok.html")" --data "login=admin&password=$PW" "$B/login")
is "login token without its cookie is refused" "$code" 403
is "logout via GET is not allowed" "$(get a /logout)" 405

# 404 and 405
is "unknown page is 404" "$(get a /no/such/page)" 404
has "404 page in Chinese" "$T/body" "您访问的页面不存在"
has "404 page shows the request id" "$T/body" "请求编号"
is "unknown organisation is 404" "$(get adm /admin/orgs/999999)" 303
login adm admin >/dev/null
is "unknown organisation is 404 for admin" "$(get adm /admin/orgs/999999)" 404
is "huge id is 404" "$(get adm /admin/orgs/99999999999999999999999)" 404
code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X PUT -b "$T/a" "$B/login")
is "PUT is 405" "$code" 405
has "405 has Allow" "$T/hdr" "Allow: GET, HEAD, POST"
code=$(curl -s -o "$T/body" -w '%{http_code}' -X DELETE -b "$T/a" "$B/certs")
is "DELETE is 405" "$code" 405
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$B/login")
is "HEAD works" "$code" 200

# 413: nginx first, then the responder's own limit.
head -c 3000000 /dev/zero | tr '\0' 'a' > "$T/big"
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" --data-binary @"$T/big" "$B/inst/staff")
is "3 MB body is refused with 413" "$code" 413
has "413 page in Chinese" "$T/body" "过大"
head -c 100000 /dev/zero | tr '\0' 'a' > "$T/mid"
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/anon" -H "Origin: $B" --data-binary @"$T/mid" "$B/login")
is "login refuses a 100 KB body itself" "$code" 413
has "responder's 413 page" "$T/body" "提交的内容过大"
fields=$(for i in $(seq 1 300); do printf 'f%d=x&' "$i"; done)
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" --data "_csrf=$tok&$fields" "$B/inst/staff")
is "300 fields are refused" "$code" 413

# 400: malformed bodies and values.
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" --data "_csrf=$tok&login=%zz" "$B/inst/staff")
is "bad percent-encoding is 400" "$code" 400
has "400 page in Chinese" "$T/body" "请求格式不正确"
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" -H "Content-Type: multipart/form-data" --data "x" "$B/inst/staff")
is "multipart without boundary is 400" "$code" 400
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" -H "Content-Type: application/json" --data '{"a":1}' "$B/inst/staff")
is "unsupported content type is 400" "$code" 400
is "bad keyset id is 400" "$(get a '/certs?after=abc')" 400
is "keyset id out of range is 400" "$(get a '/certs?before=0')" 400
is "bad status tab is ignored" "$(get a '/certs?status=%3Cscript%3E')" 200
hasnt "no markup injected" "$T/body" "<script>"

# Multipart works for ordinary forms.
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" -F "_csrf=$tok" -F "login=mp$RANDOM" -F "display_name=多部分" "$B/inst/staff")
is "multipart form posts work" "$code" 200

# HTML in names is escaped on output.
tok=$(page_token adm /admin/orgs)
code=$(post adm /admin/orgs "$tok" "code=XSS$RANDOM" "name=<script>alert(1)</script>培训")
is "an organisation with markup in its name is created" "$code" 303
get adm /admin/orgs >/dev/null
hasnt "the name is not rendered raw" "$T/body" "<script>alert(1)</script>"
has "the name is escaped" "$T/body" "&lt;script&gt;alert(1)&lt;/script&gt;培训"
is "control characters are refused" "$(post adm /admin/orgs "$tok" "code=CTL$RANDOM" "name=$(printf 'a\001b')")" 400
is "invalid UTF-8 is refused" "$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/adm" -H "Origin: $B" --data "_csrf=$tok&code=U8$RANDOM&name=%ff%fe" "$B/admin/orgs")" 400
is "institution code must be 20 digits" "$(post adm /admin/institutions "$tok" code=123 name=测试学院 region=北京市 principal_name=张三)" 400
has "institution code message" "$T/body" "院校代码应为20位数字"
is "duplicate institution code is 409" "$(post adm /admin/institutions "$tok" code=21020000000000000000 name=重复学院 region=北京市 principal_name=张三)" 409
has "duplicate message" "$T/body" "该院校代码已存在"
n=$(sql "SELECT COUNT(*) FROM institution WHERE name = '重复学院'")
is "nothing half-written" "$n" 0

# A new institution comes with exactly one principal.
code=$(post adm /admin/institutions "$tok" code=33010000000000000077 name=钱塘职业技术学院 region=浙江省杭州市 principal_name=孙立)
is "admin creates an institution" "$code" 200
has "with the principal's one-time password" "$T/body" "p33010000000000000077"
n=$(sql "SELECT COUNT(*) FROM account a JOIN institution i ON i.id = a.institution_id WHERE i.code = '33010000000000000077' AND a.role = 'principal'")
is "exactly one principal" "$n" 1
otp=$(grep -o '<code>[^<]*</code>' "$T/body" | sed 's/<[^>]*>//g')
is "the new principal logs in" "$(login np p33010000000000000077 "$otp")" 303
iid=$(sql "SELECT id FROM institution WHERE code = '33010000000000000077'")
tok=$(page_token adm "/admin/institutions/$iid")
is "admin resets the principal's password" "$(post adm "/admin/institutions/$iid/reset" "$tok")" 200
has "the one-time page names the login" "$T/body" "p33010000000000000077"
is "the principal's session ended with the reset" "$(headers np /)" 303

# The verification page: number + ID number, ID never in the URL.
clear_verify
is "public verification page" "$(get v /verify)" 200
tok=$(csrf)
is "bad number" "$(post v /verify "$tok" number=123 idno=11010519491231002X)" 400
has "bad number message" "$T/body" "证书编号应为23位数字"
is "unknown pair" "$(post v /verify "$tok" number=15600031012020000000456 idno=11010519491231002X)" 404
has "unknown pair message" "$T/body" "未查询到"
is "pending certificates are not published" "$(post v /verify "$tok" number=15600031012020000000456 idno=610114200103061011)" 404
is "a confirmed certificate verifies" "$(post v /verify "$tok" number=15600031012020000000016 idno=610113200204152012)" 200
has "verified" "$T/body" "该证书真实有效"
has "holder's name, partly masked" "$T/body" "王*远"
hasnt "never in full" "$T/body" "王思远"
has "masked ID on the result" "$T/body" "610113*****2012"
hasnt "no full ID on the result" "$T/body" "610113200204152012"
is "the right ID with another number fails" "$(post v /verify "$tok" number=15600031012020000000027 idno=610113200204152012)" 404
clear_verify
done_testing
