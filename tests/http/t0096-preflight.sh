#!/bin/bash
# t0096-preflight.sh: the glyph preflight before every signature (issue
# 10): a student whose name has a character the certificate font lacks
# (𪚥, U+2A6A5) gets a record that shows why on its row and its page,
# cannot be put into a signing request, alone or in a batch, and is
# refused again at the signature itself; fixed and re-issued, it signs.
. "$(dirname "$0")/lib.sh"
CIPH=$(real_cipher)
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

# sql4 SQL: sql() with a client that speaks 4-byte UTF-8 (𪚥 is U+2A6A5).
sql4() { sql "SET NAMES utf8mb4; $1"; }
nreq() { sql "SELECT COUNT(*) FROM signing_request"; }
status_of() { sql "SELECT status FROM certificate WHERE id = $1"; }
# newreq ID...: zcjy's POST /certs/sign for the ids; status in $T/st,
# the new request's id printed when one was made.
newreq() {
	local tok i a=()
	tok=$(page_token z /certs)
	for i in "$@"; do a+=("id=$i"); done
	post z /certs/sign "$tok" "${a[@]}" > "$T/st"
	location | sed -n 's#^.*/certs/sign/\([0-9]*\)$#\1#p'
}
# here REQ FILE: zcjy signs request REQ on this screen with FILE.
here() {
	get z "/certs/sign/$1/here" "$T/pad.html" >/dev/null
	base64 -w0 "$2" > "$T/sig.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/z" -c "$T/z" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(csrf "$T/pad.html")" \
	    --data-urlencode "sig@$T/sig.b64" "$B/certs/sign/$1/here"
}
# confirm_button ID: the list's 确认 form for the record (as list.cs has it).
confirm_button() { echo "value=\"$1\"><button type=\"submit\" class=\"btn small primary\">确认</button>"; }

is "zcjy logs in" "$(login z zcjy)" 303
ZID=$(sql "SELECT id FROM account WHERE login = 'zcjy'")

# A fresh plan of organisation 1 at institution 1: one passed student
# named 张𪚥 and one with a common name.
tag=$$$RANDOM
PLAN=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
    name, exam_date) VALUES (1, 2, 't0096 预检 $tag', CURDATE());
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($PLAN, 1)"
for n in 1 2; do
	name=$([ "$n" = 1 ] && echo "张𪚥" || echo "李预检$tag")
	sid=$(sql4 "INSERT INTO student (institution_id, name, gender, id_cipher,
	    id_hmac, id_mask) VALUES (1, '$name', '男', UNHEX('$CIPH'),
	    UNHEX(SHA2('t0096 $tag $n', 256)), '210202*****0$n$n');
	    SELECT LAST_INSERT_ID()")
	sql "INSERT INTO registration (plan_id, student_id, institution_id)
	    VALUES ($PLAN, $sid, 1);
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    VALUES ($PLAN, $sid, 1, '已通过', 90)"
	[ "$n" = 1 ] && BADSID=$sid
done
is "the name is stored with its 4-byte character" \
    "$(sql "SELECT HEX(name) FROM student WHERE id = $BADSID")" E5BCA0F0AA9AA5
tok=$(page_token z /certs/generate)
is "generate: 303" "$(post z /certs/generate "$tok" "plan=$PLAN")" 303
BAD=$(sql "SELECT id FROM certificate WHERE plan_id = $PLAN AND student_id = $BADSID")
GOOD=$(sql "SELECT id FROM certificate WHERE plan_id = $PLAN AND student_id <> $BADSID")
check "both records made" test -n "$BAD" -a -n "$GOOD"
is "the canonical name keeps 𪚥" \
    "$(sql4 "SELECT JSON_VALUE(canon, '\$.holder.name') FROM certificate WHERE id = $BAD")" "张𪚥"

# ---- The row and the record page say why; no 确认 ---------------------
is "the plan's list: 200" "$(get z "/certs?plan=$PLAN")" 200
has "the row shows the preflight's reason" "$T/body" \
    '<span class="fielderr preflight">不能签发：姓名含字体缺失的字“𪚥”</span>'
is "only that row" "$(grep -o '不能签发：' "$T/body" | wc -l)" 1
hasnt "the failing row has no 确认" "$T/body" "$(confirm_button "$BAD")"
has "the good row keeps its 确认" "$T/body" "$(confirm_button "$GOOD")"
is "the record page: 200" "$(get z "/certs/$BAD")" 200
has "it names the field, the character and its code point" "$T/body" \
    "姓名中的“𪚥”（U+2A6A5）证书字体中没有，打印会显示为空白方框：请核对姓名或联系平台管理员"
hasnt "and offers no 确认签发" "$T/body" "确认签发</button>"
has "but 拒绝签发 stays (the way to fix it)" "$T/body" 'action="/certs/reject"'
get z "/certs/$GOOD" >/dev/null
has "the good record's page offers 确认签发" "$T/body" "确认签发</button>"
hasnt "without a preflight line" "$T/body" "签发前检查"
is "批量预览 of both: 200" "$(get z "/certs/preview?id=$BAD&id=$GOOD")" 200
is "it shows the preflight's reason once (the failing record)" \
    "$(grep -o '<span class="fielderr preflight">姓名中的“𪚥”（U+2A6A5）证书字体中没有' "$T/body" | wc -l)" 1

# ---- Requests: the failing record alone or in a batch is refused -------
n0=$(nreq)
newreq "$BAD" >/dev/null
is "POST /certs/sign with it: 409" "$(cat "$T/st")" 409
has "with the reason" "$T/body" "姓名中的“𪚥”（U+2A6A5）证书字体中没有"
has "naming the record" "$T/body" "$(sql "SELECT number FROM certificate WHERE id = $BAD")"
is "no signing request made" "$(nreq)" "$n0"
newreq "$GOOD" "$BAD" >/dev/null
is "a batch of it and a good one: 409" "$(cat "$T/st")" 409
has "refused whole, with the reason" "$T/body" "以下 1 份证书未通过签发前检查"
hasnt "the good one is not listed as failing" "$T/body" "李预检$tag"
is "still no signing request" "$(nreq)" "$n0"
is "both still 培训评价组织待签发" "$(status_of "$BAD") $(status_of "$GOOD")" \
    "org_pending org_pending"
tok=$(page_token z /certs)
post z /certs/sign "$tok" all=1 "plan=$PLAN" > "$T/st"
is "按当前筛选全部确认签发 of the plan: 409" "$(cat "$T/st")" 409
has "with the reason" "$T/body" "姓名中的“𪚥”（U+2A6A5）证书字体中没有"
is "and nothing made" "$(nreq)" "$n0"

# ---- At the signature: a request made before the preflight existed ----
# (planted with its real manifest) is voided with the reason.
OLD=$(sql "INSERT INTO signing_request (party, organisation_id, created_by,
    signer_id, n, manifest_hash, summary, state, expires_at)
    SELECT 'org', 1, $ZID, $ZID, 1, SHA2(CONCAT('xcert-manifest-v1 party=org ',
    'action=confirm count=1\n', id, ' ', canon_sha256, '\n'), 256),
    '1 份证书', 'open', NOW() + INTERVAL 10 MINUTE FROM certificate WHERE id = $BAD;
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO signing_item (request_id, seq, certificate_id, content_sha256)
    SELECT $OLD, 1, id, canon_sha256 FROM certificate WHERE id = $BAD"
nsig=$(sql "SELECT COUNT(*) FROM signature")
is "signing it on this screen: 409" "$(here "$OLD" "$T/line.png")" 409
has "with the reason" "$T/body" "未通过签发前检查"
has "naming the character" "$T/body" "姓名中的“𪚥”（U+2A6A5）"
is "the request is voided (stale) with the reason" \
    "$(sql "SELECT state, outcome LIKE '%U+2A6A5%' FROM signing_request WHERE id = $OLD" | tr '\t' ' ')" "stale 1"
is "no signature stored" "$(sql "SELECT COUNT(*) FROM signature")" "$nsig"
is "the record is not moved" "$(status_of "$BAD")" org_pending

# ---- Fixed: rejected with a reason, the name corrected, re-issued ------
tok=$(page_token z "/certs/$BAD")
is "zcjy rejects it with a reason: 303" "$(post z /certs/reject "$tok" "id=$BAD" \
    "reason=姓名含证书字体没有的字，请院校核对")" 303
sql "UPDATE student SET name = '张磊$tag' WHERE id = $BADSID"
is "the name is corrected" "$(sql "SELECT name FROM student WHERE id = $BADSID")" "张磊$tag"
tok=$(page_token z "/certs/$BAD")
is "re-issue: 303" "$(post z /certs/reissue "$tok" "id=$BAD")" 303
is "back to 培训评价组织待签发" "$(status_of "$BAD")" org_pending
get z "/certs?plan=$PLAN" >/dev/null
hasnt "the row no longer shows a preflight reason" "$T/body" "不能签发："
has "and has its 确认" "$T/body" "$(confirm_button "$BAD")"
REQ=$(newreq "$BAD" "$GOOD")
is "both now make a signing request: 303" "$(cat "$T/st")" 303
is "signed on this screen: 303" "$(here "${REQ:-0}" "$T/line.png")" 303
is "both moved to 考核站点待签发" "$(status_of "$BAD") $(status_of "$GOOD")" \
    "site_pending site_pending"
is "the corrected name is what was signed" "$(sql "SELECT JSON_VALUE(canon,
    '\$.holder.name') FROM certificate WHERE id = $BAD")" "张磊$tag"

# From the security review: a phone POST that fails the CSRF check, or
# names an unknown token, never writes the token to a log, and an
# unknown token is refused before any image is decoded.
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"
FAKE=$(openssl rand -hex 32)
base64 -w0 "$T/blank.png" > "$T/blank.b64"
is "a phone POST without its form token: 403" "$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $B" --data "sig=x" "$B/s/$FAKE")" 403
get anon /login >/dev/null
is "an unknown token with a valid form token: 404 (no image decoded)" "$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/anon" -H "Origin: $B" --data-urlencode "_csrf=$(csrf)" --data-urlencode "sig@$T/blank.b64" "$B/s/$FAKE")" 404
hasnt "and says nothing about the image" "$T/body" "空白"
sleep 0.3
check "the token is in no log of the stack" bash -c "! grep -rq '$FAKE' '$XC_VAR/log'"

done_testing
