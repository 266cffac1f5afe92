#!/bin/bash
# t0095-signing.sh: 操作三 end to end, as its users and as a hostile
# tester (issue 9): generation, the organisation's batch signature by QR
# code and phone, rejection with a reason and re-issue, the principal's
# confirmation, the business admin's submission, every refusal of the
# issue's "Bad input", two signers racing, irrevocability, the audit chain.
. "$(dirname "$0")/lib.sh"
CIPH=$(real_cipher)
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

# A fingerprint of everything a signature could change.
snap() {
	sql "CHECKSUM TABLE certificate; SELECT COUNT(*) FROM certificate_event;
	    SELECT COUNT(*) FROM signature; SELECT SUM(n) * 7 + COUNT(*)
	    FROM certificate_count WHERE n <> 0" | tr '\n\t' '  '
}
status_of() { sql "SELECT status FROM certificate WHERE id = $1"; }
statuses() {	# id...: their statuses, space-separated
	local ids
	ids=$(echo "$*" | tr ' ' ',')
	sql "SELECT GROUP_CONCAT(status ORDER BY FIELD(id, $ids) SEPARATOR ' ')
	    FROM certificate WHERE id IN ($ids)"
}
# seal_of TYPE ID: the owner's current seal (the newest version).
seal_of() { sql "SELECT id FROM seal WHERE owner_type = '$1' AND owner_id = $2 ORDER BY version DESC LIMIT 1"; }
events_of() { sql "SELECT COUNT(*) FROM certificate_event WHERE certificate_id = $1 AND event = '$2'"; }
# newreq JAR ID...: POST /certs/sign for the ids; the status in $T/st,
# the request's id printed when it was made.
newreq() {
	local jar=$1 tok i a=()
	shift
	tok=$(page_token "$jar" /certs)
	for i in "$@"; do a+=("id=$i"); done
	post "$jar" /certs/sign "$tok" "${a[@]}" > "$T/st"
	location | sed -n 's#^.*/certs/sign/\([0-9]*\)\(?ok=[a-z_]*\)\{0,1\}$#\1#p'
}
# qrpath JAR REQ: the signing URL's path as a phone reads the QR code.
qrpath() {
	get "$1" "/certs/sign/$2/qr.png" "$T/qr.png" > "$T/qrst"
	zbarimg -q --raw "$T/qr.png" 2>/dev/null | tr -d '\r\n' |
	    sed 's#^https\?://[^/]*##'
}
# phone_open JAR PATH: a phone opens the signing URL; its CSRF token
# into $T/JAR.tok, the status printed.
phone_open() {
	local st
	st=$(get "$1" "$2" "$T/$1.html")
	csrf "$T/$1.html" > "$T/$1.tok"
	echo "$st"
}
# phone_post JAR PATH FILE [OUT]: the phone submits FILE as the signature.
phone_post() {
	base64 -w0 "$3" > "$T/$1.b64"
	curl -s -o "${4:-$T/body}" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(cat "$T/$1.tok")" \
	    --data-urlencode "sig@$T/$1.b64" "$B$2"
}
damm_ok() {
	/usr/bin/python3 -c '
import sys
T = ["0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
     "3674209581", "5869720134", "8945362017", "9438617205", "2581436790"]
s = sys.argv[1]
i = 0
for ch in s:
    i = int(T[i][int(ch)])
sys.exit(0 if len(s) == 23 and s.isdigit() and i == 0 else 1)' "$1"
}

is "zcjy logs in" "$(login z zcjy)" 303
is "hxzz logs in" "$(login h hxzz)" 303
is "the principal of institution 1 logs in" "$(login p p21020000000000000000)" 303
is "its business admin logs in" "$(login b biz2102)" 303
is "the principal of institution 2 logs in" "$(login q p11010000000000000031)" 303

# ---- 生成待签发名单 ---------------------------------------------------
# A fresh exam plan of organisation A (type 2: 特殊焊接 中级) at
# institution 1 with 16 new students who passed, one who failed and one
# with an open 待完善 flag.
tag=$$$RANDOM
PLAN=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
    name, exam_date) VALUES (1, 2, 't0040 签发 $tag', CURDATE());
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($PLAN, 1)"
for n in $(seq 1 18); do
	sid=$(sql "INSERT INTO student (institution_id, name, gender, id_cipher,
	    id_hmac, id_mask) VALUES (1, '签发$tag-$n', '女', UNHEX('$CIPH'),
	    UNHEX(SHA2('t0040 $tag $n', 256)), '210202*****00$n');
	    SELECT LAST_INSERT_ID()")
	sql "INSERT INTO registration (plan_id, student_id, institution_id)
	    VALUES ($PLAN, $sid, 1);
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    VALUES ($PLAN, $sid, 1, IF($n = 15, '未通过', '已通过'), 80 + $n)"
	[ "$n" -eq 16 ] && FLAGGED=$sid
done
sql "INSERT INTO correction_flag (student_id, institution_id, organisation_id,
    field, note, deadline, created_by) VALUES ($FLAGGED, 1, 1, 'name',
    '姓名与身份证不一致', CURDATE() + INTERVAL 7 DAY, 2)"
nnot=$(sql "SELECT COUNT(*) FROM notification WHERE account_id IN (4, 5)")
tok=$(page_token z /certs/generate)
has "the plan is offered for generation" "$T/tok.html" "t0040 签发 $tag"
is "generate: 303" "$(post z /certs/generate "$tok" "plan=$PLAN")" 303
check "and goes to the plan's pending list" grep -q "plan=$PLAN" <<<"$(location)"
mapfile -t R < <(sql "SELECT id FROM certificate WHERE plan_id = $PLAN ORDER BY id")
is "16 records made (the failed and the flagged student held back)" "${#R[@]}" 16
is "none for the flagged student" \
    "$(sql "SELECT COUNT(*) FROM certificate WHERE student_id = $FLAGGED")" 0
is "all 培训评价组织待签发" "$(sql "SELECT COUNT(*) FROM certificate
    WHERE plan_id = $PLAN AND status = 'org_pending'")" 16
bad=0
while read -r num; do damm_ok "$num" || { bad=$((bad + 1)); echo "# bad number $num"; }
done < <(sql "SELECT number FROM certificate WHERE plan_id = $PLAN")
is "every number is 23 digits with a valid Damm check digit" "$bad" 0
damm_ok 15600031012020000000456 && ! damm_ok 15600031012020000000465 &&
    ! damm_ok 15600031012020000000457 && ok "the Damm check in this test works" ||
    nok "the Damm check in this test works"
is "numbers carry organisation 156000, type 310, level 2, this year" \
    "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $PLAN
    AND number LIKE CONCAT('1560003102', YEAR(CURDATE()), '%')")" 16
# The canonical content, read by Python's own json and hashlib.
sql "SELECT HEX(canon), canon_sha256 FROM certificate WHERE plan_id = $PLAN" > "$T/canon"
out=$(/usr/bin/python3 -c '
import hashlib, json, sys
bad = 0
for line in open(sys.argv[1]):
    h, sha = line.split()
    raw = bytes.fromhex(h)
    doc = json.loads(raw.decode("utf-8"))
    if hashlib.sha256(raw).hexdigest() != sha:
        bad += 1
    if "签发" not in doc["holder"]["name"] and "改名" not in doc["holder"]["name"]:
        bad += 1
print(bad)' "$T/canon" 2>&1)
is "canon is JSON and canon_sha256 is its SHA-256 (python3 json, hashlib)" "$out" 0
is "certificate_count holds the 16" "$(sql "SELECT SUM(n) FROM certificate_count
    WHERE plan_id = $PLAN AND status = 'org_pending'")" 16
is "the principal and the business admin are notified" \
    "$(sql "SELECT COUNT(*) FROM notification WHERE account_id IN (4, 5)") " "$((nnot + 2)) "
is "a generate event per record" "$(sql "SELECT COUNT(*) FROM certificate_event e
    JOIN certificate c ON c.id = e.certificate_id WHERE c.plan_id = $PLAN
    AND e.event = 'generate'")" 16
is "an audit row for the generation" "$(sql "SELECT COUNT(*) FROM audit_log
    WHERE action = 'cert.generate' AND object_id = $PLAN")" 1
s0=$(snap)
is "generate again: 303" "$(post z /certs/generate "$tok" "plan=$PLAN")" 303
is "generating twice creates nothing" "$(snap)" "$s0"
is "another organisation's plan: 404" "$(post h /certs/generate "$(page_token h /certs/generate)" "plan=$PLAN")" 404
# Two generations of one plan at the same moment: each result once.
PLAN2=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
    name, exam_date) VALUES (1, 1, 't0040 并发生成 $tag', CURDATE());
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($PLAN2, 1);
    INSERT INTO student (institution_id, name, gender, id_cipher, id_hmac, id_mask)
    SELECT 1, CONCAT('并发$tag-', seq), '男', UNHEX('$CIPH'),
    UNHEX(SHA2(CONCAT('t0040 par $tag ', seq), 256)), '210202*****0000'
    FROM seq_1_to_16;
    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
    SELECT $PLAN2, id, 1, '已通过', 90 FROM student WHERE name LIKE '并发$tag-%'"
tok=$(page_token z /certs/generate)
post z /certs/generate "$tok" "plan=$PLAN2" > "$T/g1" &
post z /certs/generate "$tok" "plan=$PLAN2" > "$T/g2" &
wait
is "two parallel generations both answer 303" "$(cat "$T/g1") $(cat "$T/g2")" "303 303"
is "and make each record once" "$(sql "SELECT COUNT(*), COUNT(DISTINCT result_id),
    COUNT(DISTINCT number) FROM certificate WHERE plan_id = $PLAN2" | tr '\t' ' ')" "16 16 16"

# ---- Bad batches: another's record inside → whole batch refused -------
H=$(sql "SELECT id FROM certificate WHERE organisation_id = 2 ORDER BY id LIMIT 1")
P2=$(sql "SELECT id FROM certificate WHERE institution_id = 2 ORDER BY id LIMIT 1")
s0=$(snap)
nreq=$(sql "SELECT COUNT(*) FROM signing_request")
newreq z "${R[0]}" "$H" "${R[1]}" >/dev/null
is "org batch holding another organisation's record: 404" "$(cat "$T/st")" 404
newreq z "${R[0]}" 999999999 >/dev/null
is "org batch holding an id that is no certificate: 404" "$(cat "$T/st")" 404
newreq z "${R[0]}" "${R[0]}" >/dev/null
is "org batch naming a record twice: 400" "$(cat "$T/st")" 400
is "nothing changed, no request made" "$(snap) $(sql "SELECT COUNT(*) FROM signing_request")" "$s0 $nreq"

# ---- The organisation signs a batch by QR code and phone --------------
B1=$(newreq z "${R[@]:0:10}")
is "org signs 10: 303 to /certs/sign/N" "$(cat "$T/st")" 303
check "a request was made" test -n "$B1"
is "its state: open" "$(sql "SELECT state FROM signing_request WHERE id = ${B1:-0}")" open
is "its page shows the QR code" "$(get z "/certs/sign/$B1")" 200
has "with the count" "$T/body" "<b>10</b> 份"
has "its QR image is this request's" "$T/body" "src=\"/certs/sign/$B1/qr.png\""
has "it polls this request's state" "$T/body" "data-sign-wait=\"/certs/sign/$B1/state\""
has "and offers 在本机签字 for it" "$T/body" "href=\"/certs/sign/$B1/here\""
U1=$(qrpath z "$B1")
is "the QR code is a PNG" "$(cat "$T/qrst") $(head -c 4 "$T/qr.png" | od -An -c | tr -d ' ')" "200 211PNG"
check "zbarimg reads the signing URL /s/<64 hex>" grep -qE '^/s/[0-9a-f]{64}$' <<<"$U1"
check "the token is stored hashed only" test "$(sql "SELECT COUNT(*) FROM signing_request
    WHERE token_hash = UNHEX(SHA2('${U1#/s/}', 256))")" = 1
is "the phone opens it without login" "$(phone_open ph "$U1")" 200
has "and sees the summary" "$T/ph.html" "<b>10</b> 份"
has "and the pad" "$T/ph.html" "data-sign-pad"
is "the state JSON says open" "$(get z "/certs/sign/$B1/state")" 200
has "state open" "$T/body" '"state":"open"'
# Bad signatures: each refused, nothing moved.
s0=$(snap)
: > "$T/empty"
is "empty signature: 400" "$(phone_post ph "$U1" "$T/empty")" 400
has "says to sign first" "$T/body" "请先在框内手写签名"
is "blank (all white) signature: 400" "$(phone_post ph "$U1" "$T/blank.png")" 400
has "says blank" "$T/body" "签名为空白"
is "600 KB signature: refused (413)" "$(phone_post ph "$U1" "$T/big.png")" 413
is "514 KB signature: 400" "$(phone_post ph "$U1" "$T/big530.png")" 400
has "says too large" "$T/body" "512 KB"
is "JPEG signature: 400" "$(phone_post ph "$U1" "$T/sig.jpg")" 400
has "says PNG" "$T/body" "PNG"
is "garbage signature: 400" "$(phone_post ph "$U1" "$T/garbage.bin")" 400
is "nothing moved by a bad signature" "$(snap)" "$s0"
is "still open" "$(sql "SELECT state FROM signing_request WHERE id = $B1")" open
sql "SELECT IFNULL(MAX(id), 0) FROM notification" > "$T/nmax"
is "a drawn signature: 200" "$(phone_post ph "$U1" "$T/line.png" "$T/ph1.html")" 200
has "the phone says signed" "$T/ph1.html" "签字成功"
is "the 10 are 考核站点待签发" "$(sql "SELECT COUNT(*) FROM certificate
    WHERE id IN ($(echo "${R[@]:0:10}" | tr ' ' ,)) AND status = 'site_pending'
    AND org_seal_id = $(seal_of organisation 1) AND org_signature_id IS NOT NULL
    AND org_signed_at IS NOT NULL")" 10
is "one org_sign event each" "$(sql "SELECT COUNT(*) FROM certificate_event
    WHERE request_id = $B1 AND event = 'org_sign'")" 10
is "one signature row, the PNG as sent" "$(sql "SELECT COUNT(*), png_sha256 = SHA2(png, 256),
    png_sha256 FROM signature WHERE request_id = $B1" | cut -f1,2,3)" \
    "$(printf '1\t1\t%s' "$(sha256sum "$T/line.png" | cut -c1-64)")"
is "audit rows written (sign.org)" "$(sql "SELECT COUNT(*) FROM audit_log
    WHERE action = 'sign.org' AND object_id = $B1")" 1
get z "/certs/sign/$B1/state" >/dev/null
has "the state JSON says signed" "$T/body" '"state":"signed"'
is "the desktop page shows the outcome" "$(get z "/certs/sign/$B1")" 200
has "签字确认完成" "$T/body" "签字确认完成"
has "with a link to its signature" "$T/body" "href=\"/certs/sign/$B1/signature.png\""
is "the evidence PNG is viewable by the organisation" "$(get z "/certs/sign/$B1/signature.png" "$T/ev.png")" 200
is "and is the PNG signed" "$(sha256sum < "$T/ev.png" | cut -c1-64)" "$(sha256sum < "$T/line.png" | cut -c1-64)"
is "the institution is notified" "$(sql "SELECT COUNT(*) FROM notification
    WHERE account_id = 4 AND title LIKE '%已签发 10 份%'
    AND id > $(cat "$T/nmax")") " "1 "
# The phone's retry after a lost answer, and a second signature.
s0=$(snap)
is "the same PNG resent: 200" "$(phone_post ph "$U1" "$T/line.png" "$T/ph2.html")" 200
has "the same answer (signed)" "$T/ph2.html" "签字成功"
has "said to be a repeat" "$T/ph2.html" "重复提交未再处理"
is "applied once" "$(snap)" "$s0"
is "a different PNG on a used token: 410" "$(phone_post ph "$U1" "$T/line2.png")" 410
has "says used" "$T/body" "已经使用过"
is "nothing moved" "$(snap)" "$s0"
is "still one signature" "$(sql "SELECT COUNT(*) FROM signature WHERE request_id = $B1")" 1
is "a token that never was: 404" "$(phone_open ph2 "/s/$(printf '%064d' 7)")" 404

# ---- An expired token; a stale manifest (the organisation's side) -----
B2=$(newreq z "${R[10]}")
U2=$(qrpath z "$B2")
is "phone opens request 2" "$(phone_open ph3 "$U2")" 200
sql "UPDATE signing_request SET expires_at = NOW() - INTERVAL 1 SECOND WHERE id = $B2"
s0=$(snap)
is "expired token: 410" "$(phone_post ph3 "$U2" "$T/line.png")" 410
has "says expired" "$T/body" "已过期"
is "nothing moved by an expired token" "$(snap)" "$s0"
get z "/certs/sign/$B2/state" >/dev/null
has "the state JSON says expired" "$T/body" '"state":"expired"'
is "the phone page says expired too" "$(phone_open ph3 "$U2")" 410
is "the signer asks for a new QR code: 303" "$(post z "/certs/sign/$B2/open" "$(page_token z "/certs/sign/$B2")")" 303
U2b=$(qrpath z "$B2")
check "a new signing URL" test -n "$U2b" -a "$U2b" != "$U2"
is "the old one is dead (404)" "$(phone_open ph3 "$U2")" 404
is "phone opens the new one" "$(phone_open ph3 "$U2b")" 200
# Between the QR code and the signature the record is rejected,
# corrected and re-issued: its content changed.  (The student is updated
# by id: an UPDATE of student that reads certificate in the same statement
# fails since 0021, whose trigger writes the name onto certificate: 1442.)
tok=$(page_token z "/certs/${R[10]}")
is "org rejects record 11: 303" "$(post z /certs/reject "$tok" "id=${R[10]}" "reason=姓名有误")" 303
sql "UPDATE student SET name = '改名$tag' WHERE id = $(sql "SELECT student_id
    FROM certificate WHERE id = ${R[10]}")"
old11=$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[10]}")
is "org re-issues it: 303" "$(post z /certs/reissue "$tok" "id=${R[10]}")" 303
is "back to 培训评价组织待签发" "$(status_of "${R[10]}")" org_pending
check "with a new content hash" test "$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[10]}")" != "$old11"
s0=$(snap)
is "stale manifest: 409" "$(phone_post ph3 "$U2b" "$T/line.png")" 409
has "says the content changed" "$T/body" "内容有变动"
is "nothing moved (only the request is marked)" "$(snap)" "$s0"
is "the request is stale" "$(sql "SELECT state FROM signing_request WHERE id = $B2")" stale

# ---- Refusals of the other side's state ------------------------------
s0=$(snap)
newreq p "${R[11]}" >/dev/null
is "the principal signing an org_pending record: 409" "$(cat "$T/st")" 409
has "says it is not awaiting the site" "$T/body" "不在考核站点待签发状态"
newreq z "${R[0]}" >/dev/null
is "the organisation signing a site_pending record: 409" "$(cat "$T/st")" 409
tok=$(page_token p /certs)
is "the principal rejecting an org_pending record: 409" "$(post p /certs/reject "$tok" "id=${R[11]}" "reason=x")" 409
is "nothing changed" "$(snap)" "$s0"
newreq p "${R[0]}" "$P2" >/dev/null
is "principal batch holding another institution's record: 404" "$(cat "$T/st")" 404
is "nothing changed" "$(snap)" "$s0"

# ---- The principal: a QR code shown, then a record rejected ----------
P0=$(newreq p "${R[0]}" "${R[1]}" "${R[2]}")
is "principal asks to sign 3: 303" "$(cat "$T/st")" 303
UP0=$(qrpath p "$P0")
is "phone opens it" "$(phone_open pp0 "$UP0")" 200
# Rejections: a reason is mandatory, escaped when shown.
tok=$(page_token p "/certs/${R[0]}")
has "the principal is offered 拒绝签发" "$T/tok.html" 'action="/certs/reject"'
s0=$(snap)
is "reject without a reason: 400" "$(post p /certs/reject "$tok" "id=${R[0]}")" 400
has "says a reason is needed" "$T/body" "必须填写拒绝理由"
is "reject with an empty reason: 400" "$(post p /certs/reject "$tok" "id=${R[0]}" "reason=")" 400
is "reject with only spaces: 400" "$(post p /certs/reject "$tok" "id=${R[0]}" "reason=    ")" 400
is "reject with only full-width spaces and newlines: 400" \
    "$(post p /certs/reject "$tok" "id=${R[0]}" "reason=$(printf '\343\200\200 \r\n\t\343\200\200')")" 400
is "reject with 301 characters: 400" "$(post p /certs/reject "$tok" "id=${R[0]}" \
    "reason=$(printf '理%.0s' $(seq 1 301))")" 400
is "nothing changed by those" "$(snap)" "$s0"
HTML="<b onmouseover=\"x()\">照片不清晰$tag</b> & <script>alert(1)</script>"
is "reject with HTML in the reason: 303" "$(post p /certs/reject "$tok" "id=${R[0]}" "reason=$HTML")" 303
is "site_rejected" "$(status_of "${R[0]}")" site_rejected
is "the reason stored as typed" "$(sql "SELECT reject_reason FROM certificate WHERE id = ${R[0]}")" "$HTML"
is "a site_reject event with the reason" "$(sql "SELECT COUNT(*) FROM certificate_event
    WHERE certificate_id = ${R[0]} AND event = 'site_reject' AND reason LIKE '%照片不清晰%'")" 1
is "the organisation sees the record" "$(get z "/certs/${R[0]}")" 200
has "with the reason, escaped" "$T/body" "&lt;b onmouseover=&quot;x()&quot;&gt;照片不清晰$tag&lt;/b&gt; &amp; &lt;script&gt;"
hasnt "never as markup" "$T/body" '<script>alert(1)'
has "and may re-issue" "$T/body" 'action="/certs/reissue"'
is "the organisation is notified with the reason" "$(sql "SELECT COUNT(*) FROM notification
    WHERE account_id = 2 AND title LIKE '%照片不清晰$tag%'")" 1
LONG=$(printf '理%.0s' $(seq 1 300))
is "reject with 300 characters (the limit): 303" "$(post p /certs/reject "$tok" "id=${R[1]}" "reason=$LONG")" 303
is "site_rejected" "$(status_of "${R[1]}")" site_rejected
is "the whole reason kept" "$(sql "SELECT CHAR_LENGTH(reject_reason) FROM certificate WHERE id = ${R[1]}")" 300
# The organisation corrects the student (allowed: the record is rejected)
# and re-issues.
old1=$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[0]}")
old2=$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[1]}")
sql "UPDATE student SET name = '新名$tag' WHERE id = $(sql "SELECT student_id
    FROM certificate WHERE id = ${R[0]}")" && ok "the identity of a rejected record's student may change" ||
    nok "the identity of a rejected record's student may change"
tok=$(page_token z "/certs/${R[0]}")
is "re-issue record 1: 303" "$(post z /certs/reissue "$tok" "id=${R[0]}")" 303
is "back to 考核站点待签发" "$(status_of "${R[0]}")" site_pending
new1=$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[0]}")
check "a new content hash" test "$new1" != "$old1"
is "the new content names the student anew" "$(sql "SELECT JSON_VALUE(canon, '$.holder.name') FROM certificate WHERE id = ${R[0]}") $(sql "SELECT SHA2(canon, 256) = canon_sha256 FROM certificate WHERE id = ${R[0]}")" "新名$tag 1"
is "the reason is cleared" "$(sql "SELECT reject_reason FROM certificate WHERE id = ${R[0]}")" ""
is "re-issue record 2 (unchanged data): 303" "$(post z /certs/reissue "$tok" "id=${R[1]}")" 303
is "the same content hash" "$(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[1]}")" "$old2"
is "the identity is frozen again once pending" "$(sql "UPDATE student s JOIN certificate c
    ON c.student_id = s.id SET s.name = '再改' WHERE c.id = ${R[0]}" 2>&1 | grep -c 'cannot change')" 1
is "re-issuing a pending record: 409" "$(post z /certs/reissue "$tok" "id=${R[0]}")" 409
# The QR code shown before the rejection is stale now.
s0=$(snap)
is "old QR code of the re-issued record: 409" "$(phone_post pp0 "$UP0" "$T/line.png")" 409
has "says stale" "$T/body" "内容有变动"
is "nothing moved" "$(snap)" "$s0"
is "its request is stale" "$(sql "SELECT state FROM signing_request WHERE id = $P0")" stale

# ---- The principal signs the rest: 确认签发 ---------------------------
SITE=("${R[0]}" "${R[1]}" "${R[2]}" "${R[3]}" "${R[4]}" "${R[5]}")
P1=$(newreq p "${SITE[@]}")
is "principal asks to sign 6: 303" "$(cat "$T/st")" 303
UP1=$(qrpath p "$P1")
is "phone opens it" "$(phone_open pp1 "$UP1")" 200
is "the phone signs: 200" "$(phone_post pp1 "$UP1" "$T/line2.png" "$T/pp1.html")" 200
has "signed" "$T/pp1.html" "签字成功"
ids=$(echo "${SITE[@]}" | tr ' ' ,)
is "6 确认签发, issued today, the site's seal, its signature" "$(sql "SELECT COUNT(*)
    FROM certificate WHERE id IN ($ids) AND status = 'confirmed' AND issued_on = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)
    AND site_seal_id = $(seal_of institution 1) AND site_signature_id IS NOT NULL
    AND org_seal_id = $(seal_of organisation 1)")" 6
is "one site_sign event each" "$(sql "SELECT COUNT(*) FROM certificate_event
    WHERE certificate_id IN ($ids) AND event = 'site_sign'")" 6
# Confirmed in the same transaction: each its signed QR payload, which
# the published key verifies for its own number and today's date.
is "6 signed QR payloads stored" "$(sql "SELECT COUNT(*) FROM certificate
    WHERE id IN ($ids) AND LENGTH(qr_payload) = 176")" 6
QN=$(sql "SELECT number FROM certificate WHERE id = ${R[0]}")
"$XC_ROOT/bin/xverify" -K "$XC_VAR/qr-keys/public" \
    "$(sql "SELECT qr_payload FROM certificate WHERE id = ${R[0]}")" >"$T/xv" 2>&1
is "xverify accepts one (exit 0)" "$?" 0
has "for its number" "$T/xv" "number:   $QN"
has "issued today" "$T/xv" "issued:   $(date -u -d '+8 hours' +%F)"
has "hashing its frozen content" "$T/xv" "sha256:   $(sql "SELECT canon_sha256 FROM certificate WHERE id = ${R[0]}")"
is "the record page shows 发证时间" "$(get z "/certs/${R[0]}")" 200
has "with today's date" "$T/body" "<dt>发证时间</dt><dd>$(date -u -d '+8 hours' +%F)</dd>"
has "its history shows the rejection" "$T/body" "考核站点拒绝签发"
has "and the re-issue" "$T/body" "重新签发"
is "the organisation is notified" "$(sql "SELECT COUNT(*) FROM notification
    WHERE account_id = 2 AND title LIKE '%已确认签发 6 份%'
    AND id > $(cat "$T/nmax")") " "1 "

# ---- The business admin prepares, the principal signs -----------------
s0=$(snap)
BZ=$(newreq b "${R[6]}" "${R[7]}")
is "biz submits 2: 303" "$(cat "$T/st")" 303
is "the request waits for the principal" "$(sql "SELECT state, signer_id FROM signing_request
    WHERE id = ${BZ:-0}" | tr '\t' ' ')" "submitted 4"
is "no record moved" "$(snap | cut -d' ' -f1-3)" "$(echo "$s0" | cut -d' ' -f1-3)"
is "the principal is notified with the link" "$(sql "SELECT COUNT(*) FROM notification
    WHERE account_id = 4 AND link = '/certs/sign/$BZ'")" 1
is "biz sees the request" "$(get b "/certs/sign/$BZ")" 200
has "waiting for the principal" "$T/body" "已提交考核站点负责人签字"
hasnt "and no QR code" "$T/body" "qr.png"
is "biz cannot get the QR code (404)" "$(get b "/certs/sign/$BZ/qr.png")" 404
is "biz cannot open it for signing (404)" "$(post b "/certs/sign/$BZ/open" "$(page_token b /certs)")" 404
is "biz cannot sign here (GET 404)" "$(get b "/certs/sign/$BZ/here")" 404
base64 -w0 "$T/line.png" > "$T/b.b64"
is "biz cannot sign here (POST 404)" "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/b" \
    -H "Origin: $B" --data-urlencode "_csrf=$(page_token b /certs)" \
    --data-urlencode "sig@$T/b.b64" "$B/certs/sign/$BZ/here")" 404
is "biz cannot reject (404)" "$(post b /certs/reject "$(page_token b /certs)" "id=${R[6]}" "reason=x")" 404
is "nothing moved" "$(snap | cut -d' ' -f1-3)" "$(echo "$s0" | cut -d' ' -f1-3)"
is "the principal sees it" "$(get p "/certs/sign/$BZ")" 200
has "with 生成签字二维码" "$T/body" "/certs/sign/$BZ/open"
is "the principal opens it: 303" "$(post p "/certs/sign/$BZ/open" "$(page_token p "/certs/sign/$BZ")")" 303
UBZ=$(qrpath p "$BZ")
check "a signing URL" grep -qE '^/s/[0-9a-f]{64}$' <<<"$UBZ"
is "phone opens it" "$(phone_open pbz "$UBZ")" 200
is "a rich 100 KB drawing is accepted: 200" "$(phone_post pbz "$UBZ" "$T/sig100k.png")" 200
is "both 确认签发" "$(statuses "${R[6]}" "${R[7]}")" "confirmed confirmed"
is "signed by the principal" "$(sql "SELECT signer_id FROM signature WHERE request_id = $BZ")" 4

# ---- Another principal, another institution -------------------------
for u in "" /here /state /qr.png; do
	is "principal of institution 2: GET /certs/sign/<A's request>$u is 404" \
	    "$(get q "/certs/sign/$P1$u")" 404
done
base64 -w0 "$T/line.png" > "$T/q.b64"
is "principal of institution 2: POST /certs/sign/<A's request>/here is 404" \
    "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/q" -H "Origin: $B" \
    --data-urlencode "_csrf=$(page_token q /certs)" --data-urlencode "sig@$T/q.b64" \
    "$B/certs/sign/$BZ/here")" 404
is "principal of institution 2: another's record page is 404" "$(get q "/certs/${R[8]}")" 404

# ---- A site without a current seal (institution 2) --------------------
mapfile -t HX < <(sql "SELECT id FROM certificate WHERE organisation_id = 2
    AND institution_id = 2 AND status = 'org_pending' ORDER BY id")
if [ "${#HX[@]}" -gt 0 ]; then
	HR=$(newreq h "${HX[@]}")
	is "hxzz signs its pending records: 303" "$(cat "$T/st")" 303
	UH=$(qrpath h "$HR")
	phone_open ph4 "$UH" >/dev/null
	is "on the phone: 200" "$(phone_post ph4 "$UH" "$T/line.png")" 200
fi
mapfile -t HX < <(sql "SELECT id FROM certificate WHERE institution_id = 2
    AND status = 'site_pending' ORDER BY id")
check "institution 2 has records awaiting it" test "${#HX[@]}" -gt 0
is "institution 2 has no seal" "$(sql "SELECT COUNT(*) FROM seal WHERE owner_type = 'institution' AND owner_id = 2")" 0
s0=$(snap)
newreq q "${HX[@]}" >/dev/null
is "its principal tries to sign: 409" "$(cat "$T/st")" 409
has "told of the missing seal" "$T/body" "尚未上传考核站点负责人签名章"
is "nothing moved" "$(snap)" "$s0"

# ---- 在本机签字: the pad on the desktop --------------------------------
D=$(newreq z "${R[14]}" "${R[15]}")
is "the pad page: 200" "$(get z "/certs/sign/$D/here")" 200
has "posts to this request" "$T/body" "action=\"/certs/sign/$D/here\""
base64 -w0 "$T/line.png" > "$T/d.b64"
dpost() {	# FILE: the desktop pad's POST
	base64 -w0 "$1" > "$T/d.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/z" -c "$T/z" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(page_token z "/certs/sign/$D")" \
	    --data-urlencode "sig@$T/d.b64" "$B/certs/sign/$D/here"
}
s0=$(snap)
is "a blank pad: 400" "$(dpost "$T/blank.png")" 400
has "says blank" "$T/body" "签名为空白"
is "nothing moved" "$(snap)" "$s0"
is "a drawn signature: 303" "$(dpost "$T/line.png")" 303
check "back to the request's page" grep -q "/certs/sign/$D$" <<<"$(location)"
is "both 考核站点待签发" "$(statuses "${R[14]}" "${R[15]}")" "site_pending site_pending"
is "the same again: 303, applied once" "$(dpost "$T/line.png") $(events_of "${R[14]}" org_sign)" "303 1"
is "another drawing on a signed request: 410" "$(dpost "$T/line2.png")" 410

# ---- Two signers racing on overlapping records ------------------------
# The organisation: X = 12, 13, 14 and Y = 14, 13, 11 (reverse order: the
# records are locked in opposite orders), both phones at the same moment.
# twin JAR "IDS" "IDS" PHONE PHONE: two requests of the signer JAR, each
# opened on its phone; their ids in Q1, Q2, their URLs in U_1, U_2.
twin() {
	# shellcheck disable=SC2086
	Q1=$(newreq "$1" $2)
	# shellcheck disable=SC2086
	Q2=$(newreq "$1" $3)
	U_1=$(qrpath "$1" "$Q1")
	U_2=$(qrpath "$1" "$Q2")
	phone_open "$4" "$U_1" >/dev/null
	phone_open "$5" "$U_2" >/dev/null
}
twin z "${R[11]} ${R[12]} ${R[13]}" "${R[13]} ${R[12]} ${R[10]}" rx ry
X=$Q1 Y=$Q2 UX=$U_1 UY=$U_2
phone_post rx "$UX" "$T/line.png" "$T/rx.html" > "$T/rx.st" &
phone_post ry "$UY" "$T/line2.png" "$T/ry.html" > "$T/ry.st" &
wait
is "one phone signs, the other is refused" "$(sort "$T/rx.st" "$T/ry.st" | tr '\n' ' ')" "200 409 "
is "one request signed, the other in conflict" "$(sql "SELECT GROUP_CONCAT(state ORDER BY state)
    FROM signing_request WHERE id IN ($X, $Y)")" "signed,conflict"
for i in 10 11 12 13; do
	is "record $((i + 1)) signed at most once" "$(events_of "${R[$i]}" org_sign)" \
	    "$(status_of "${R[$i]}" | sed 's/site_pending/1/;s/org_pending/0/')"
done
is "the shared records moved (once)" "$(statuses "${R[12]}" "${R[13]}")" "site_pending site_pending"
is "the loser's own record did not" "$(sql "SELECT COUNT(*) FROM certificate
    WHERE id IN (${R[10]}, ${R[11]}) AND status = 'org_pending'")" 1
loser=$T/rx.html
grep -q 409 "$T/ry.st" && loser=$T/ry.html
has "the loser is told records moved" "$loser" "已被其他签发操作处理"
n13=$(sql "SELECT number FROM certificate WHERE id = ${R[13]}")
has "and which (the shared record's number)" "$loser" "$n13"
# The principal: A = 9, 10 and B = 10, 9; A's phone sends twice at once
# (a retry after a lost answer), B's once.
twin p "${R[8]} ${R[9]}" "${R[9]} ${R[8]}" pa pb
A=$Q1 Bq=$Q2 UA=$U_1 UB=$U_2
# (Each send with its own copy of the phone's cookie jar: two curls
# rewriting one jar at once can leave one without its cookie.)
cp "$T/pa" "$T/pa2"; cp "$T/pa.tok" "$T/pa2.tok"
phone_post pa "$UA" "$T/line.png" "$T/pa1.html" > "$T/pa1.st" &
phone_post pa2 "$UA" "$T/line.png" "$T/pa2.html" > "$T/pa2.st" &
phone_post pb "$UB" "$T/line2.png" "$T/pb.html" > "$T/pb.st" &
wait
echo "# answers: A $(cat "$T/pa1.st") $(cat "$T/pa2.st"), B $(cat "$T/pb.st")"
is "each record confirmed exactly once" "$(events_of "${R[8]}" site_sign) $(events_of "${R[9]}" site_sign) $(statuses "${R[8]}" "${R[9]}")" "1 1 confirmed confirmed"
is "exactly one signature for the two requests" "$(sql "SELECT COUNT(*) FROM signature WHERE request_id IN ($A, $Bq)")" 1
is "one signed, one in conflict" "$(sql "SELECT GROUP_CONCAT(state ORDER BY state)
    FROM signing_request WHERE id IN ($A, $Bq)")" "signed,conflict"
if [ "$(sql "SELECT state FROM signing_request WHERE id = $A")" = signed ]; then
	is "A won: its two sends got the same answer (200, 200)" "$(cat "$T/pa1.st") $(cat "$T/pa2.st")" "200 200"
	is "B was refused" "$(cat "$T/pb.st")" 409
else
	is "B won" "$(cat "$T/pb.st")" 200
	check "A was refused, both sends" grep -qv 200 "$T/pa1.st" "$T/pa2.st"
fi

# ---- Irrevocable ------------------------------------------------------
C=${R[0]}
s0=$(snap)
is "rejecting a confirmed record: 409" "$(post p /certs/reject "$(page_token p /certs)" "id=$C" "reason=撤回")" 409
is "re-issuing a confirmed record: 409" "$(post z /certs/reissue "$(page_token z /certs)" "id=$C")" 409
newreq p "$C" >/dev/null
is "signing a confirmed record again: 409" "$(cat "$T/st")" 409
for u in /certs/revoke /certs/undo /certs/$C/revoke /certs/sign/$P1/cancel; do
	is "no route undoes a signature: POST $u is 404" "$(post p "$u" "$(page_token p /certs)" "id=$C")" 404
done
is "nothing changed" "$(snap)" "$s0"
# refused DESC SQL MESSAGE: as root, SQL fails with the trigger's MESSAGE.
refused() {
	is "as root, $1" "$(sql "$2" 2>&1 | grep -o "$3")" "$3"
}
refused "confirmed → site_pending fails" "UPDATE certificate
    SET status = 'site_pending' WHERE id = $C" 'a certificate moves only forward'
refused "a confirmed record's content cannot change" "UPDATE certificate
    SET canon_sha256 = REPEAT('0', 64) WHERE id = $C" 'a confirmed certificate cannot change'
# Byte for byte (0027): the column's collation pads with spaces and
# ignores case, the guard does not.
refused "a confirmed record's content cannot gain a trailing space" "UPDATE certificate
    SET canon = CONCAT(canon, ' ') WHERE id = $C" 'a confirmed certificate cannot change'
refused "... nor change the case of its hash" "UPDATE certificate
    SET canon_sha256 = UPPER(canon_sha256) WHERE id = $C" 'a confirmed certificate cannot change'
refused "a signature cannot be deleted" "DELETE FROM signature
    WHERE request_id = $P1" 'a signature is never deleted'
refused "a signature cannot change" "UPDATE signature
    SET png_sha256 = REPEAT('0', 64) WHERE request_id = $P1" 'a signature never changes'
refused "history cannot be deleted" "DELETE FROM certificate_event
    WHERE certificate_id = $C" 'history is never deleted'
is "and none of that changed anything" "$(snap)" "$s0"

# ---- Counters and audit ----------------------------------------------
is "certificate_count agrees with the records" "$(sql "SELECT COUNT(*) FROM (SELECT
    organisation_id o, institution_id i, plan_id p, student_type t, status s, COUNT(*) n
    FROM certificate GROUP BY 1, 2, 3, 4, 5) a LEFT JOIN certificate_count c
    ON c.organisation_id = a.o AND c.institution_id = a.i AND c.plan_id = a.p
    AND c.student_type = a.t AND c.status = a.s
    WHERE c.n IS NULL OR c.n <> a.n")/$(sql "SELECT COUNT(*) FROM certificate_count c
    WHERE n <> (SELECT COUNT(*) FROM certificate x WHERE x.organisation_id = c.organisation_id
    AND x.institution_id = c.institution_id AND x.plan_id = c.plan_id
    AND x.student_type = c.student_type AND x.status = c.status)")" "0/0"
for a in cert.generate sign.request sign.org sign.site sign.submit sign.open sign.void \
    cert.site_reject cert.org_reject cert.reissue; do
	check "audit rows for $a" test "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '$a'")" -gt 0
done
out=$(cd "$XC_ROOT" && XC_VAR=$XC_VAR "$XC_ROOT/bin/xadmin" audit-verify)
check "the audit chain is intact ($out)" grep -q "audit chain ok" <<<"$out"
done_testing
