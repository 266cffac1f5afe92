#!/bin/bash
# t0170-employer.sh: employers' checks (issue 12): API keys issued and
# revoked by the platform admin, the JSON check with a key and without,
# rate limits counted in the database (429), the batch CSV -> XLSX (read
# with openpyxl), share codes (create, use, expiry, revocation, another
# student's certificate), the holder's list of checks, no ID numbers in
# any log or log table.
. "$(dirname "$0")/lib.sh"
NUM=15600031012020000000016	# 王思远's confirmed certificate
IDNO=610113200204152012
OTHER_IDNO=612722200103095873	# 折海威, another student
sql "DELETE FROM api_rate"

# check [CURL ARGS...]: POST /verify/api/check; body in $T/api, prints status.
check_api() { curl -s -o "$T/api" -w '%{http_code}' "$@" "$B/verify/api/check"; }
# jget KEY: a top-level field of the JSON answer in $T/api.
jget() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$T/api" "$1"; }

## Keys: only the platform admin issues them.
login o zcjy >/dev/null
is "organisation staff cannot open the key page" "$(get o /verify/apikeys)" 404
login a admin >/dev/null
is "the admin's key page" "$(get a /verify/apikeys)" 200
tok=$(csrf)
is "an empty employer name is refused" "$(post a /verify/apikeys "$tok" employer= contact=x)" 400
has "with a clear message" "$T/body" "用人单位名称应为2至100个字符"
is "a key is issued" "$(post a /verify/apikeys "$tok" "employer=华东智能制造有限公司" "contact=人事部 李女士")" 200
KEY=$(grep -o 'xck_[0-9a-f]\{64\}' "$T/body" | head -n1)
check "the key is shown once, in full" test -n "$KEY"
KID=$(sql "SELECT MAX(id) FROM api_key")
n=$(sql "SELECT COUNT(*) FROM api_key WHERE id = $KID AND key_hash = UNHEX(SHA2('${KEY#xck_}', 256))")
is "stored as its SHA-256 only" "$n" 1
is "the key's issue is audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'api_key.create' AND object_id = $KID")" 1
get a /verify/apikeys >/dev/null
hasnt "the list never shows the whole key" "$T/body" "$KEY"
has "the list shows the key's prefix" "$T/body" "xck_${KEY:4:8}"

## One check, JSON.
is "a check with the key" "$(check_api -H "Authorization: Bearer $KEY" --data-urlencode "number=$NUM" --data-urlencode "idno=$IDNO")" 200
is "verdict valid" "$(jget verdict)" valid
is "the holder's name masked" "$(jget name)" "王*远"
is "the ID number masked" "$(jget id_mask)" "610113*****2012"
hasnt "the answer holds no ID number" "$T/api" "$IDNO"
is "a wrong ID number" "$(check_api -H "Authorization: Bearer $KEY" --data-urlencode "number=$NUM" --data-urlencode "idno=11010519491231002X")" 200
is "verdict not_found" "$(jget verdict)" not_found
is "not_found shows nothing of the certificate" "$(jget number)" ""
is "a wrong check digit is 400" "$(check_api -H "Authorization: Bearer $KEY" -d number=15600031012020000000017 -d idno=$IDNO)" 400
has "with the check digit's message" "$T/api" "校验位不符"
is "SQL in the number is 400" "$(check_api --data-urlencode "number=1' OR '1'='1" -d idno=$IDNO)" 400
is "an unknown key is 401" "$(check_api -H "Authorization: Bearer xck_$(printf '%064d' 0)" -d number=$NUM -d idno=$IDNO)" 401
has "401 answers JSON" "$T/api" '"error":"unauthorized"'
is "every use of the key is logged" "$(sql "SELECT COUNT(*) FROM api_use WHERE key_id = $KID AND kind = 'check'")" 3
n=$(sql "SELECT COUNT(*) FROM verify_use WHERE key_id = $KID AND via = 'idno' AND channel = 'api'")
is "a check that found the certificate is logged for its holder" "$n" 1

# A JSON body works as the form does.
is "a JSON body" "$(check_api -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"number\": \"$NUM\", \"idno\": \"$IDNO\"}")" 200
is "answers the same verdict" "$(jget verdict)/$(jget name)" "valid/王*远"
is "malformed JSON is 400" "$(check_api -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"number":')" 400
has "answered as JSON" "$T/api" '"error":"bad_request"'
is "a JSON number is no string" "$(check_api -H 'Content-Type: application/json' -d "{\"number\": $NUM}")" 400
# A revoked certificate (by a share code made for it here).
# (another holder's, with a login: share codes belong to an account)
HOLDER="(SELECT s2.account_id FROM certificate c2 JOIN student s2 ON s2.id = c2.student_id WHERE c2.number = '$NUM')"
OCID=$(sql "SELECT c.id FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.status = 'confirmed' AND s.account_id <> $HOLDER ORDER BY c.id DESC LIMIT 1")
sql "INSERT IGNORE INTO share_code (certificate_id, account_id, code_hash, hint, expires_at)
    SELECT c.id, s.account_id, UNHEX(SHA2('REVKREVKREVK', 256)), 'REVK', NOW() + INTERVAL 1 DAY
    FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.id = $OCID;
    UPDATE certificate SET status = 'revoked' WHERE id = $OCID"
is "a revoked certificate" "$(check_api -H "Authorization: Bearer $KEY" -d code=revk-revk-revk)" 200
is "verdict revoked" "$(jget verdict)" revoked

## Rate limits, counted in the database: per key and per address.
sql "UPDATE api_key SET per_minute = 3 WHERE id = $KID; DELETE FROM api_rate"
for i in 1 2 3; do check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$IDNO >/dev/null; done
is "the key's 4th check in a minute is 429" "$(check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$IDNO)" 429
has "429 answers JSON" "$T/api" '"error":"rate_limited"'
is "refusals are logged for the key" "$(sql "SELECT COUNT(*) FROM api_use WHERE key_id = $KID AND verdict = 'rate_limited'")" 1
is "anonymous checks are counted apart" "$(check_api -d number=$NUM -d idno=$IDNO)" 200
for i in $(seq 2 10); do check_api -d number=$NUM -d idno=$IDNO >/dev/null; done
is "the 11th anonymous check in a minute is 429" "$(check_api -d number=$NUM -d idno=$IDNO)" 429
is "one counter row per bucket and minute" "$(sql "SELECT MAX(hits) FROM api_rate")" 11
sql "UPDATE api_key SET per_minute = 60 WHERE id = $KID; DELETE FROM api_rate"

## Batch: a CSV in, an XLSX out.
printf '证书编号,身份证号\r\n%s,%s\r\n%s,%s\r\n=HYPERLINK("http://x"),%s\r\n' \
    "$NUM" "$IDNO" "$NUM" 11010519491231002X "$IDNO" > "$T/b3.csv"
bst() { curl -s -o "$T/out.xlsx" -w '%{http_code}' "$@"; }
is "a batch of 3 rows" "$(bst -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$T/b3.csv" "$B/verify/api/batch")" 200
cat > "$T/x.py" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
print(len(rows) - 1)
for r in rows[1:]:
    print("|".join("" if c is None else str(c) for c in r))
# Every cell a string or the row number: no formula reaches Excel.
print("formulas:", sum(1 for row in ws.iter_rows() for c in row if c.data_type == "f"))
EOF
/usr/bin/python3 "$T/x.py" "$T/out.xlsx" > "$T/x.txt" 2>&1
is "openpyxl reads 3 verdicts" "$(head -n1 "$T/x.txt")" 3
is "row 1: valid" "$(sed -n 2p "$T/x.txt" | cut -d'|' -f4,5)" "有效|valid"
is "row 2: not found" "$(sed -n 3p "$T/x.txt" | cut -d'|' -f4,5)" "未查到|not_found"
is "row 3: 格式错误" "$(sed -n 4p "$T/x.txt" | cut -d'|' -f4,5)" "格式错误|malformed"
has "with its reason" "$T/x.txt" "证书编号应为 23 位数字"
has "the formula cell comes back inert" "$T/x.txt" "'=HYPERLINK"
has "and no cell is a formula" "$T/x.txt" "formulas: 0"
is "row numbers are the file's lines" "$(sed -n 4p "$T/x.txt" | cut -d'|' -f1)" 4
hasnt "the XLSX holds no ID number" "$T/x.txt" "$IDNO"
is "the batch's use is logged with its verdicts" "$(sql "SELECT verdict FROM api_use WHERE key_id = $KID AND kind = 'batch'")" "valid:1 not_found:1 malformed:1"
is "a batch by multipart" "$(bst -H "Authorization: Bearer $KEY" -F "file=@$T/b3.csv;type=text/csv" "$B/verify/api/batch")" 200
is "a batch without a key is 401" "$(bst -H 'Content-Type: text/csv' --data-binary @"$T/b3.csv" "$B/verify/api/batch")" 401
sql "DELETE FROM api_rate"
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(10001): f.write('%s,%s\n' % (sys.argv[2], sys.argv[3]))" "$T/big.csv" "$NUM" 11010519491231002X
nb=$(sql "SELECT COUNT(*) FROM verify_use WHERE channel = 'batch'")
is "10,001 rows are refused" "$(bst -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$T/big.csv" "$B/verify/api/batch")" 400
has "with a clear message" "$T/out.xlsx" "一次最多查验10000行，该文件有10001行"
n=$(sql "SELECT COUNT(*) FROM verify_use WHERE channel = 'batch'")
is "the refused batch checked nothing" "$n" "$nb"
# The page: key and file in a form (CSRF as every form).
sql "DELETE FROM api_rate"
get p /verify/batch >/dev/null
ptok=$(csrf)
code=$(curl -s -o "$T/out.xlsx" -w '%{http_code}' -b "$T/p" -c "$T/p" -H "Origin: $B" \
    -F "_csrf=$ptok" -F "key=$KEY" -F "file=@$T/b3.csv;type=text/csv" "$B/verify/batch")
is "the batch page answers with the XLSX" "$code" 200
/usr/bin/python3 "$T/x.py" "$T/out.xlsx" > "$T/x.txt" 2>&1
is "with 3 verdicts" "$(head -n1 "$T/x.txt")" 3
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/p" -c "$T/p" -H "Origin: $B" \
    -F "_csrf=$ptok" -F "key=xck_wrong" -F "file=@$T/b3.csv;type=text/csv" "$B/verify/batch")
is "a wrong key on the page" "$code" 401
has "says so" "$T/body" "API 密钥无效或已被撤销"

## Share codes: the holder makes one, an employer uses it.
CID=$(sql "SELECT id FROM certificate WHERE number = '$NUM'")
AUD=$(sql "SELECT MAX(seq) FROM audit_log")
OCID=$(sql "SELECT c.id FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.status = 'confirmed' AND s.account_id <> $HOLDER ORDER BY c.id LIMIT 1")
is "the student logs in" "$(login s "$IDNO")" 303
is "the holder's space" "$(get s /verify/mine)" 200
has "lists the certificate" "$T/body" "$NUM"
stok=$(csrf)
is "a 15-day code is refused" "$(post s /verify/mine/codes "$stok" cert=$CID days=15)" 400
has "with a clear message" "$T/body" "有效期只能选择7天、30天或90天"
n0=$(sql "SELECT COUNT(*) FROM share_code")
is "another student's certificate is 404" "$(post s /verify/mine/codes "$stok" cert=$OCID days=30)" 404
is "and nothing is written" "$(sql "SELECT COUNT(*) FROM share_code")" "$n0"
is "a 30-day code" "$(post s /verify/mine/codes "$stok" cert=$CID days=30)" 200
CODE=$(grep -o '[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}' "$T/body" | head -n1)
check "is shown once" test -n "$CODE"
SID=$(sql "SELECT MAX(id) FROM share_code")
is "valid 30 days" "$(sql "SELECT DATEDIFF(expires_at, created_at) FROM share_code WHERE id = $SID")" 30
is "stored as its SHA-256 only" "$(sql "SELECT COUNT(*) FROM share_code WHERE id = $SID AND code_hash = UNHEX(SHA2('$(echo "$CODE" | tr -d -)', 256))")" 1
is "its creation is audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'share_code.create' AND object_id = $CID AND seq > $AUD")" 1
get v /verify/share >/dev/null
vtok=$(csrf)
is "the public share-code page finds it" "$(post v /verify/share "$vtok" "code=$CODE")" 200
has "as valid" "$T/body" "该证书真实有效"
has "with the name masked" "$T/body" "王*远"
is "lower case and spaces are the same code" "$(post v /verify/share "$vtok" "code=$(echo "$CODE" | tr 'A-Z-' 'a-z ')")" 200
is "the API takes the code instead of the ID number" "$(check_api -H "Authorization: Bearer $KEY" --data-urlencode "code=$CODE")" 200
is "verdict valid by share code" "$(jget verdict)/$(jget by)" "valid/share_code"
is "a code with another certificate's number is not_found" "$(check_api -H "Authorization: Bearer $KEY" --data-urlencode "code=$CODE" -d number=$(sql "SELECT number FROM certificate WHERE id = $OCID"))" 200
is "verdict" "$(jget verdict)" not_found
is "an unknown code is 404" "$(post v /verify/share "$vtok" "code=AAAA-BBBB-CCCC")" 404
cp "$T/body" "$T/unknown.html"
has "with one message" "$T/body" "分享码不存在、已过期或已被持证人撤销"
is "a malformed code is 400" "$(post v /verify/share "$vtok" "code=<script>")" 400
hasnt "never echoed" "$T/body" "<script>"
get s /verify/mine >/dev/null
has "the holder sees the public check" "$T/body" "公开查询"
has "and the employer's key name" "$T/body" "华东智能制造有限公司（API 密钥）"
has "and the batch" "$T/body" "批量查验"
has "and which code" "$T/body" "分享码 …${CODE: -4}"
has "and the check by ID number" "$T/body" "证书编号＋身份证号"
hasnt "never an address" "$T/body" "127.0.0.1"
# Expiry (set in the past) and revocation.
sql "UPDATE share_code SET expires_at = NOW() - INTERVAL 1 MINUTE WHERE id = $SID"
is "an expired code is 404" "$(post v /verify/share "$vtok" "code=$CODE")" 404
check "with the same page as an unknown code (bar the request id)" \
    cmp <(sed 's/[0-9a-f]\{16\}//g' "$T/body") <(sed 's/[0-9a-f]\{16\}//g' "$T/unknown.html")
is "the API says not_found" "$(check_api -H "Authorization: Bearer $KEY" --data-urlencode "code=$CODE"; jget verdict)" "200not_found"
get s /verify/mine >/dev/null
has "the holder sees it expired" "$T/body" "已过期"
post s /verify/mine/codes "$stok" cert=$CID days=7 >/dev/null
CODE2=$(grep -o '[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}' "$T/body" | head -n1)
SID2=$(sql "SELECT MAX(id) FROM share_code")
is "a 7-day code works" "$(post v /verify/share "$vtok" "code=$CODE2")" 200
is "another student cannot revoke it" "$(login t "$OTHER_IDNO" >/dev/null; post t /verify/mine/codes/$SID2/revoke "$(page_token t /verify/mine)")" 404
is "the holder revokes it" "$(post s /verify/mine/codes/$SID2/revoke "$stok")" 303
is "a revoked code is 404" "$(post v /verify/share "$vtok" "code=$CODE2")" 404
is "its revocation is audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'share_code.revoke' AND object_id = $CID AND seq > $AUD")" 1
is "the other student's space does not show it" "$(get t /verify/mine >/dev/null; grep -c "$NUM" "$T/body")" 0

## A key revoked while its batch runs stops the batch (between two of
## its transactions of 1,000 rows): revoked once the first ones are in.
HEX2=$(printf 'midb%060d' 7 | tr -c '0-9a-f\n' 'a')
sql "DELETE FROM api_rate; INSERT INTO api_key (employer, contact, prefix, key_hash, created_by)
    SELECT '中途撤销单位', 't', LEFT('$HEX2', 8), UNHEX(SHA2('$HEX2', 256)), id FROM account WHERE login = 'admin'"
K2=$(sql "SELECT MAX(id) FROM api_key")
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(10000): f.write('%s,%s\n' % (sys.argv[2], sys.argv[3]))" "$T/mid.csv" "$NUM" "$IDNO"
curl -s -o "$T/mid.out" -w '%{http_code}' -H "Authorization: Bearer xck_$HEX2" -H 'Content-Type: text/csv' \
    --data-binary @"$T/mid.csv" "$B/verify/api/batch" > "$T/mid.code" &
mid=$!
for i in $(seq 1 1000); do
	[ "$(sql "SELECT COUNT(*) FROM verify_use WHERE key_id = $K2")" -gt 0 ] && break
	sleep 0.01
done
sql "UPDATE api_key SET revoked_at = NOW() WHERE id = $K2"
wait $mid
is "a key revoked mid-batch stops it" "$(cat "$T/mid.code")" 401
has "saying how far it got" "$T/mid.out" "已被撤销：已查验前"
n=$(sql "SELECT COUNT(*) FROM verify_use WHERE key_id = $K2")
check "fewer rows were checked than sent ($n)" test "$n" -lt 10000
is "the stop is logged" "$(sql "SELECT COUNT(*) FROM api_use WHERE key_id = $K2 AND verdict = 'revoked_mid_batch'")" 1

## Revoking a key: it stops at once.
is "the admin revokes the key" "$(post a /verify/apikeys/$KID/revoke "$tok")" 303
is "a revoked key is 401" "$(check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$IDNO)" 401
is "and its batch too" "$(bst -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$T/b3.csv" "$B/verify/api/batch")" 401
is "its attempts are logged" "$(sql "SELECT COUNT(*) FROM api_use WHERE key_id = $KID AND kind = 'refused' AND verdict = 'revoked'")" 2
is "its revocation is audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'api_key.revoke' AND object_id = $KID")" 1
is "revoking twice is 404" "$(post a /verify/apikeys/$KID/revoke "$tok")" 404

## Nothing personal in the logs or the log tables.
check "no ID number in any log" bash -c "! grep -rqE '$IDNO|$OTHER_IDNO' '$XC_VAR/log'"
check "no share code in any log" bash -c "! grep -rqiE '$CODE|$CODE2' '$XC_VAR/log'"
check "no key in any log" bash -c "! grep -rq '${KEY#xck_}' '$XC_VAR/log'"
sql "SELECT * FROM api_use; SELECT * FROM verify_use; SELECT * FROM share_code" > "$T/tables"
hasnt "no ID number in the log tables" "$T/tables" "$IDNO"
sql "DELETE FROM api_rate"
done_testing
