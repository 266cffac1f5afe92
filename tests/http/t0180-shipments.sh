#!/bin/bash
# t0180-shipments.sh: 操作四 — a parcel of paper certificates from the
# organisation to the institution and on to the students (created by
# selection and by scanning, printed, shipped, partly received with one
# missing, reprinted, handed over), every refusal the issue lists, the
# roles, the exports; revocation with its reason on /verify.  It revokes
# the README's public example certificate (王思远's), so it runs after every
# suite that verifies that certificate as valid (t0170, t0171).
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

IA=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
IB=$(sql "SELECT id FROM institution WHERE code = '11010000000000000031'")
# Institution A's 14 confirmed demo certificates, by number (earlier
# suites may have confirmed more since: those are counted as NALL).
sql "SELECT c.id, c.number FROM certificate c WHERE c.institution_id = $IA
    AND c.status = 'confirmed' AND c.issued_on = '2020-09-15'
    ORDER BY c.number" > "$T/conf"
is "14 confirmed demo certificates at 21020000000000000000" "$(wc -l < "$T/conf")" 14
NALL=$(sql "SELECT COUNT(*) FROM certificate WHERE institution_id = $IA AND status = 'confirmed'")
id_of() { sed -n "${1}p" "$T/conf" | cut -f1; }
no_of() { sed -n "${1}p" "$T/conf" | cut -f2; }
PENDING=$(sql "SELECT number FROM certificate WHERE institution_id = $IA
    AND status = 'site_pending' ORDER BY id LIMIT 1")
BNUM=$(sql "SELECT number FROM certificate WHERE institution_id = $IB
    AND status = 'confirmed' ORDER BY id LIMIT 1")
BID=$(sql "SELECT id FROM certificate WHERE number = '$BNUM'")
nship() { sql "SELECT COUNT(*) FROM shipment"; }
# ids LIST: a comma list of ids as repeated id=... arguments (checkboxes).
ids() { echo "$1" | tr ',' '\n' | sed 's/^/id=/'; }

is "zcjy logs in" "$(login z zcjy)" 303
is "the principal of A logs in" "$(login p p21020000000000000000)" 303
is "A's business admin logs in" "$(login b biz2102)" 303
is "B's principal logs in" "$(login q p11010000000000000031)" 303
is "hxzz (another organisation) logs in" "$(login h hxzz)" 303
is "the platform admin logs in" "$(login a admin)" 303
is "the student 王思远 logs in" "$(login s 610113200204152012)" 303

# --- the new parcel page
is "new parcel: the institutions with certificates to send" "$(get z /certs/shipments/new)" 200
has "(A is offered, all its confirmed ones to send)" "$T/body" "待寄 $NALL 份"
is "new parcel for A lists its certificates" "$(get z "/certs/shipments/new?inst=$IA")" 200
has "(all of them, ticked)" "$T/body" "尚未寄送的证书 <b>$NALL</b> 份"
TOK=$(csrf)

# --- refusals: nothing is created
N0=$(nship)
ALL=$(cut -f1 "$T/conf" | paste -sd,)
is "A's certificates in a parcel to B: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IB" $(ids "$ALL"))" 409
has "(says another institution)" "$T/body" "属于其他院校，整个包裹未创建"
is "a scanned certificate of another institution: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IB" "scan=$B/verify?n=$(no_of 1)")" 400
has "(the whole parcel)" "$T/body" "证书 $(no_of 1) 属于其他院校，不能放入寄往所选院校的包裹，整个包裹未创建"
printf '%s\n%s\n' "$(no_of 1)" "$BNUM" > "$T/scan"
is "a scanned certificate of another organisation: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "scan=$(cat "$T/scan")")" 400
has "(names it)" "$T/body" "证书 $BNUM 不是本机构在本平台签发的证书"
BAD=$(no_of 2 | /usr/bin/python3 -c 'import sys; n = sys.stdin.read().strip(); print(n[:-1] + str((int(n[-1]) + 1) % 10))')
is "a scanned number with a wrong check digit: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "scan=$(no_of 1)
$BAD")" 400
has "(line 2, check digit)" "$T/body" "第 2 行：证书编号校验位不符"
is "a QR code that is not a certificate: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "scan=https://example.com/x/42")" 400
has "(not of this platform)" "$T/body" "不是本平台的证书二维码或证书编号"
is "a certificate not yet confirmed: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "scan=$PENDING")" 409
has "(says its state)" "$T/body" "考核站点待签发"
is "hxzz may not ship zcjy's certificates (404)" \
    "$(post h /certs/shipments "$(page_token h /certs/shipments)" "inst=$IA" "id=$(id_of 1)")" 404
is "a principal may not create a parcel (404)" \
    "$(post p /certs/shipments "$(page_token p /certs/shipments)" "inst=$IA" "id=$(id_of 1)")" 404
is "nothing was created by any refusal" "$(nship)" "$N0"

# --- the parcel, by scanning: what zbarimg reads from a downloaded
# certificate (its signed /verify/q/ URL), the others' signed URLs, old
# verify URLs, a bare number, a double beep
is "certificate 1's image, as a scanner photographs it" \
    "$(get z "/certs/$(id_of 1)/certificate.png" "$T/c1.png")" 200
zbarimg -q --raw "$T/c1.png" > "$T/scan" 2>/dev/null
has "(zbarimg reads its signed verification URL)" "$T/scan" "$B/verify/q/"
for k in $(seq 2 7); do
	echo "$B/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $(id_of "$k")")" >> "$T/scan"
done
for k in $(seq 8 13); do echo "$B/verify?n=$(no_of "$k")" >> "$T/scan"; done
no_of 14 >> "$T/scan"
echo "$B/verify?n=$(no_of 3)" >> "$T/scan"
is "a parcel of the 14, scanned (signed URLs, URLs, a number, a repeat)" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "scan=$(cat "$T/scan")")" 303
S=$(location | sed 's|.*/certs/shipments/||; s|?.*||')
is "(it holds 14, each once)" "$(sql "SELECT n, (SELECT COUNT(*) FROM shipment_item WHERE shipment_id = $S) FROM shipment WHERE id = $S" | tr '\t' ' ')" "14 14"
is "(audited)" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'ship.create' AND object_id = $S")" 1
is "a certificate in two open parcels: refused" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "id=$(id_of 5)")" 409
has "(says it is in another parcel)" "$T/body" "已在另一个未签收的包裹中"
is "the parcel's page" "$(get z "/certs/shipments/$S")" 200
has "(待打印)" "$T/body" "待打印"
is "the packing list (print view)" "$(get z "/certs/shipments/$S/list")" 200
has "(lists the certificates)" "$T/body" "$(no_of 14)"
TOK=$(csrf "$T/body")
[ -n "$TOK" ] || TOK=$(page_token z "/certs/shipments/$S")

# --- steps out of order, bad input
TOK=$(page_token z "/certs/shipments/$S")
is "shipped before printed: refused" \
    "$(post z "/certs/shipments/$S/shipped" "$TOK" "courier=EMS" "tracking=EA123456789CN")" 409
is "a printing date in the future: refused" \
    "$(post z "/certs/shipments/$S/printed" "$TOK" "date=2999-01-01")" 400
is "已打印" "$(post z "/certs/shipments/$S/printed" "$TOK" "date=")" 303
is "已打印 twice: refused" "$(post z "/certs/shipments/$S/printed" "$TOK")" 409
is "已寄出 without a tracking number: refused" \
    "$(post z "/certs/shipments/$S/shipped" "$TOK" "courier=EMS" "tracking=")" 400
has "(says so)" "$T/body" "请填写快递单号"
is "the principal cannot sign for a parcel not yet shipped" \
    "$(post p "/certs/shipments/$S/receive" "$(page_token p "/certs/shipments/$S")")" 409
is "已寄出 with courier and tracking number" \
    "$(post z "/certs/shipments/$S/shipped" "$TOK" "courier=中国邮政 EMS" "tracking=EA123456789CN")" 303
is "(the institution is told)" "$(sql "SELECT COUNT(*) FROM notification n JOIN account a ON a.id = n.account_id WHERE a.login = 'p21020000000000000000' AND n.title LIKE '%已寄出纸质证书包裹 $S%EA123456789CN%'")" 1

# --- who sees it
is "B's principal: A's parcel is 404" "$(get q "/certs/shipments/$S")" 404
is "B's principal cannot receive it (404)" \
    "$(post q "/certs/shipments/$S/receive" "$(page_token q /certs/shipments)")" 404
is "hxzz: 404" "$(get h "/certs/shipments/$S")" 404
is "the student may not see parcels (404)" "$(get s "/certs/shipments")" 404
is "the student may not hand over (404)" \
    "$(post s /certs/handover "$(page_token s /certs/mine)" "id=$(id_of 1)" "how=person" "to=x")" 404
is "A's business admin may not ship (404)" \
    "$(post b "/certs/shipments/$S/shipped" "$(page_token b /certs/shipments)" "courier=EMS" "tracking=EA1234CN")" 404
is "the admin sees every parcel" "$(get a "/certs/shipments/$S")" 200
is "A's principal sees it" "$(get p "/certs/shipments")" 200
has "(due: one parcel to sign for)" "$T/body" "待签收包裹 <b>1</b> 个"

# --- hand-over before receipt, receipt
TOKP=$(page_token p "/certs/shipments/$S")
is "hand-over before receipt: refused" \
    "$(post p /certs/handover "$TOKP" "id=$(id_of 1)" "how=person" "to=王思远")" 409
has "(says not yet received)" "$T/body" "尚未签收"
MISS=$(id_of 7)
is "a missing certificate without a note: refused" \
    "$(post p "/certs/shipments/$S/receive" "$TOKP" "missing=$MISS")" 400
has "(says a note is needed)" "$T/body" "必须填写说明"
is "a certificate not in the parcel: refused" \
    "$(post p "/certs/shipments/$S/receive" "$TOKP" "missing=$BID" "note=缺")" 409
is "(the parcel is still to be received)" "$(sql "SELECT state FROM shipment WHERE id = $S")" shipped
is "签收 with one missing" \
    "$(post b "/certs/shipments/$S/receive" "$(page_token b "/certs/shipments/$S")" "missing=$MISS" "note=包裹内少一本")" 303
is "(13 received, 1 missing)" "$(sql "SELECT GROUP_CONCAT(state, ':', n ORDER BY state) FROM (SELECT state, COUNT(*) n FROM certificate_paper WHERE shipment_id = $S GROUP BY state) x")" "received:13,missing:1"
is "(the organisation is told)" "$(sql "SELECT COUNT(*) FROM notification n JOIN account a ON a.id = n.account_id WHERE a.login = 'zcjy' AND n.title LIKE '%签收%包裹 $S%缺失 1 份%'")" 1
is "签收 twice: refused" "$(post p "/certs/shipments/$S/receive" "$TOKP")" 409
is "the organisation sees the missing one" "$(get z "/certs/shipments/$S")" 200
has "(缺失, with the note)" "$T/body" "缺失：包裹内少一本"

# --- reprint: the same certificate in a new parcel, counted
TOK=$(page_token z /certs/shipments/new?inst=$IA)
has "(offered again as a reprint)" "$T/tok.html" "补印（院校报告缺失）"
is "the missing one reprinted into a new parcel" \
    "$(post z /certs/shipments "$TOK" "inst=$IA" "id=$MISS")" 303
S2=$(location | sed 's|.*/certs/shipments/||; s|?.*||')
is "(counted: reprint 1)" "$(sql "SELECT it.reprint, p.reprints, p.shipment_id = $S2 FROM shipment_item it JOIN certificate_paper p ON p.certificate_id = it.certificate_id WHERE it.shipment_id = $S2" | tr '\t' ' ')" "1 1 1"
TOK=$(page_token z "/certs/shipments/$S2")
post z "/certs/shipments/$S2/printed" "$TOK" >/dev/null
is "the reprint shipped" "$(post z "/certs/shipments/$S2/shipped" "$TOK" "courier=顺丰速运" "tracking=SF1234567890")" 303
is "and received complete" "$(post p "/certs/shipments/$S2/receive" "$(page_token p "/certs/shipments/$S2")")" 303

# --- hand-over
TOKP=$(page_token p /certs/shipments)
has "(the hand-over list has the 14)" "$T/tok.html" "待发放证书 <b>14</b> 份"
is "hand-over in person without the receiver's name: refused" \
    "$(post p /certs/handover "$TOKP" "id=$(id_of 1)" "how=person")" 400
is "hand-over by mail without a tracking number: refused" \
    "$(post p /certs/handover "$TOKP" "id=$(id_of 1)" "how=mail" "courier=EMS")" 400
is "a scanned certificate of another institution: refused" \
    "$(post p /certs/handover "$TOKP" "how=person" "to=张三" "scan=$B/verify?n=$BNUM")" 400
has "(not this institution's)" "$T/body" "不是本院校的证书"
is "hand-over of another institution's certificate by id: 404" \
    "$(post p /certs/handover "$TOKP" "id=$BID" "how=person" "to=张三")" 404
is "one handed over by scanning, mailed on" \
    "$(post p /certs/handover "$TOKP" "how=mail" "courier=EMS" "tracking=EB000111222CN" "scan=$(no_of 2)")" 303
REST=$(cut -f1 "$T/conf" | sed -n '1p;3,14p' | paste -sd,)
is "the other 13 handed over in person, by selection" \
    "$(post p /certs/handover "$TOKP" $(ids "$REST") "how=person" "to=本人领取" "date=2026-11-30")" 303
is "(all 14 handed)" "$(sql "SELECT COUNT(*) FROM certificate_paper WHERE institution_id = $IA AND state = 'handed'")" 14
is "hand-over twice: refused" \
    "$(post p /certs/handover "$TOKP" "id=$(id_of 1)" "how=person" "to=x")" 409
is "(audited)" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'ship.handover'")" 2
is "the holder is told" "$(sql "SELECT COUNT(*) FROM notification n JOIN account a ON a.id = n.account_id JOIN student s ON s.account_id = a.id WHERE s.id_mask = '610113*****2012' AND n.title LIKE '%纸质证书%已由院校发放%'")" 1
is "王思远's 我的证书" "$(get s /certs/mine)" 200
has "(paper certificate: 已发放)" "$T/body" ">已发放</span>"

# --- progress
is "the organisation's progress page" "$(get z /certs/shipments)" 200
/usr/bin/python3 - "$T/body" > "$T/prog" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<table id="byinst">.*?</table>', t, re.S).group(0)
for row in re.findall(r'<tr>(.*?)</tr>', m, re.S)[1:]:
    print(" ".join(re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)))
PY
has "(A: all confirmed; 14 printed, shipped, received, handed, 0 missing)" "$T/prog" "21020000000000000000 滨海船舶职业技术学院 $NALL 14 14 14 14 0"

# --- exports
is "shipments.xlsx" "$(get z /certs/shipments.xlsx "$T/s.xlsx")" 200
is "(15 rows: 14 + the reprint, in openpyxl)" "$(/usr/bin/python3 -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
print(len(rows) - 1, sum(1 for r in rows if r[11] == '缺失'), rows[0][9])" "$T/s.xlsx")" "15 1 证书编号"
is "handovers.xlsx" "$(get p /certs/handovers.xlsx "$T/h.xlsx")" 200
is "(14 rows, 1 mailed, 13 in person)" "$(/usr/bin/python3 -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))[1:]
print(len(rows), sum(1 for r in rows if r[7] == '邮寄'), sum(1 for r in rows if r[7] == '当面领取'))" "$T/h.xlsx")" "14 1 13"
is "B's principal's export holds none of A's" "$(get q /certs/handovers.xlsx "$T/hq.xlsx")" 200
is "(no rows)" "$(/usr/bin/python3 -c "
import openpyxl, sys
print(openpyxl.load_workbook(sys.argv[1]).active.max_row - 1)" "$T/hq.xlsx")" 0

# --- revocation: a public reason and a handwritten signature
C1=$(id_of 1)	# 王思远's (serial 1)
is "王思远's certificate is his" "$(sql "SELECT s.id_mask FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.id = $C1")" "610113*****2012"
get s "/certs/$C1/certificate.png" "$T/before.png" >/dev/null
is "the organisation is offered 撤销 on a confirmed certificate" "$(get z "/certs/$C1")" 200
has "(a form with a signature pad)" "$T/body" "action=\"/certs/$C1/revoke\" data-sign-pad"
nrev() { sql "SELECT COUNT(*) FROM certificate_revocation"; }
is "revocation without a reason: refused" "$(sigpost z "/certs/$C1/revoke" "$T/line.png" "reason=  ")" 400
has "(says a reason is needed)" "$T/body" "撤销证书必须填写理由"
is "revocation without a signature: refused" "$(sigpost z "/certs/$C1/revoke" "$T/blank.png" "reason=误发")" 400
has "(says the pad is blank)" "$T/body" "签名为空白"
is "a principal cannot revoke (404)" "$(sigpost p "/certs/$C1/revoke" "$T/line.png" "reason=x")" 404
is "the business admin cannot revoke (404)" "$(sigpost b "/certs/$C1/revoke" "$T/line.png" "reason=x")" 404
is "another organisation cannot revoke it (404)" "$(sigpost h "/certs/$C1/revoke" "$T/line.png" "reason=x")" 404
is "(nothing revoked)" "$(nrev) $(sql "SELECT status FROM certificate WHERE id = $C1")" "0 confirmed"
is "revoked, with a reason and a signature" \
    "$(sigpost z "/certs/$C1/revoke" "$T/line.png" "reason=考核成绩复核不合格，证书误发")" 303
is "(已撤销; the revocation kept with its signature)" "$(sql "SELECT c.status, v.kind, LENGTH(v.sig_png) > 100, v.sig_sha256 = SHA2(v.sig_png, 256) FROM certificate c JOIN certificate_revocation v ON v.certificate_id = c.id WHERE c.id = $C1" | tr '\t' ' ')" "revoked revoke 1 1"
is "(history and audit)" "$(sql "SELECT COUNT(*) FROM certificate_event WHERE certificate_id = $C1 AND event = 'revoke' AND to_status = 'revoked'") $(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.revoke' AND object_id = $C1")" "1 1"
is "(the frozen content unchanged)" "$(sql "SELECT canon_sha256 = SHA2(canon, 256) FROM certificate WHERE id = $C1")" 1
is "(the holder is told)" "$(sql "SELECT COUNT(*) FROM notification n JOIN student s ON s.account_id = n.account_id WHERE s.id_mask = '610113*****2012' AND n.title LIKE '%已被培训评价组织撤销%'")" 1
is "revoking twice: refused" "$(sigpost z "/certs/$C1/revoke" "$T/line.png" "reason=再撤销")" 409
has "(says its state)" "$T/body" "当前状态为“已撤销”"
is "replacing a revoked certificate: refused" "$(sigpost z "/certs/$C1/replace" "$T/line.png" "reason=更正")" 409
is "(still one revocation, no new record)" "$(nrev) $(sql "SELECT COUNT(*) FROM certificate WHERE replaces_id IS NOT NULL")" "1 0"
is "the holder's space shows 已撤销" "$(get s /certs/mine)" 200
has "(已撤销)" "$T/body" "已撤销"
is "the revoked image still downloads" "$(get s "/certs/$C1/certificate.png" "$T/after.png")" 200
check "(with a watermark: not the image as issued)" test "$(sha256sum < "$T/before.png")" != "$(sha256sum < "$T/after.png")"
is "(still a PNG)" "$(/usr/bin/python3 -c "
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
print('png' if d[:8] == b'\x89PNG\r\n\x1a\n' else 'not png')" "$T/after.png")" png
is "its PDF: a notice in its place" "$(get s "/certs/$C1/certificate.pdf")" 410
has "(says revoked, with the reason)" "$T/body" "该证书已撤销"
has "(the reason)" "$T/body" "考核成绩复核不合格"
# /verify: the public page says 已撤销 with the reason.
rm -f "$T/v"; get v /verify >/dev/null
is "verification of the revoked certificate" "$(post v /verify "$(csrf)" "number=$(no_of 1)" "idno=610113200204152012")" 200
has "(已撤销)" "$T/body" "该证书已撤销"
has "(the public reason)" "$T/body" "考核成绩复核不合格，证书误发"

# --- replacement: a corrected certificate through both signatures
C2=$(id_of 11)
is "replacement without a reason: refused" "$(sigpost z "/certs/$C2/replace" "$T/line.png" "reason=")" 400
is "replaced: a new record awaits the organisation" \
    "$(sigpost z "/certs/$C2/replace" "$T/line.png" "reason=考试计划名称有误，更正后重新签发")" 303
N2=$(location | sed 's|.*/certs/||; s|?.*||')
is "(the new record: org_pending, same result, its own number)" "$(sql "SELECT n.status, n.result_id = o.result_id, n.number <> o.number, o.status FROM certificate n JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N2 AND o.id = $C2" | tr '\t' ' ')" "org_pending 1 1 confirmed"
NUM2=$(sql "SELECT number FROM certificate WHERE id = $N2")
check "(its number is a valid platform number)" bash -c "echo '$NUM2' | grep -qE '^[0-9]{23}$'"
is "revoking while its replacement is being signed: refused" "$(sigpost z "/certs/$C2/revoke" "$T/line.png" "reason=x")" 409
is "the new record links back (替换自)" "$(get z "/certs/$N2")" 200
has "(替换自 the original)" "$T/body" "href=\"/certs/$C2\""
is "the original links forward" "$(get z "/certs/$C2")" 200
has "(替换证书 the new one)" "$T/body" "href=\"/certs/$N2\""
# Both parties sign the replacement (在本机签字).
signhere() {	# JAR ID: ask to sign ID and sign on the desktop pad
	local tok d
	tok=$(page_token "$1" /certs)
	post "$1" /certs/sign "$tok" "id=$2" >/dev/null
	d=$(location | sed -n 's#^.*/certs/sign/\([0-9]*\).*$#\1#p')
	base64 -w0 "$T/line.png" > "$T/d.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(page_token "$1" "/certs/sign/$d")" \
	    --data-urlencode "sig@$T/d.b64" "$B/certs/sign/$d/here"
}
is "the organisation signs the replacement" "$(signhere z "$N2")" 303
is "(the original still in force)" "$(sql "SELECT status FROM certificate WHERE id = $C2")" confirmed
is "the principal signs it" "$(signhere p "$N2")" 303
is "(the replacement confirmed, the original 已被替换)" "$(sql "SELECT n.status, o.status FROM certificate n JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N2" | tr '\t' ' ')" "confirmed replaced"
is "(its history says so)" "$(sql "SELECT COUNT(*) FROM certificate_event WHERE certificate_id = $C2 AND event = 'replace' AND to_status = 'replaced'")" 1
is "the public view links both ways" "$(sql "SELECT (SELECT replaced_by FROM v_cert_public WHERE number = '$(no_of 11)'), (SELECT replaces FROM v_cert_public WHERE number = '$NUM2')" | tr '\t' ' ')" "$NUM2 $(no_of 11)"
is "replacing a replaced certificate: refused" "$(sigpost z "/certs/$C2/replace" "$T/line.png" "reason=again")" 409
# --- a certificate revoked after its receipt is not handed over
mapfile -t BC < <(sql "SELECT id FROM certificate WHERE institution_id = $IB AND status = 'confirmed' ORDER BY id LIMIT 2")
is "hxzz: a parcel of two to B" "$(post h /certs/shipments "$(page_token h /certs/shipments)" "inst=$IB" "id=${BC[0]}" "id=${BC[1]}")" 303
SB=$(location | sed 's|.*/certs/shipments/||; s|?.*||')
TOK=$(page_token h "/certs/shipments/$SB")
post h "/certs/shipments/$SB/printed" "$TOK" >/dev/null
is "(shipped)" "$(post h "/certs/shipments/$SB/shipped" "$TOK" "courier=EMS" "tracking=EA0001CN")" 303
is "(received by B)" "$(post q "/certs/shipments/$SB/receive" "$(page_token q "/certs/shipments/$SB")")" 303
is "hxzz revokes one of them" "$(sigpost h "/certs/${BC[0]}/revoke" "$T/line.png" "reason=成绩录入错误")" 303
is "handing over the revoked one with the other: refused" \
    "$(post q /certs/handover "$(page_token q /certs/shipments)" "id=${BC[0]}" "id=${BC[1]}" "how=person" "to=本人")" 409
has "(names it 已撤销)" "$T/body" "（已撤销）"
is "(nothing handed)" "$(sql "SELECT COUNT(*) FROM certificate_paper WHERE shipment_id = $SB AND state = 'handed'")" 0
is "the other alone: handed over" \
    "$(post q /certs/handover "$(page_token q /certs/shipments)" "id=${BC[1]}" "how=person" "to=本人")" 303
done_testing
