#!/bin/bash
# t0220-replace-identity.sh: a replacement (替换) that corrects the
# holder's name.  A confirmed certificate with a wrong name: the
# organisation replaces it with a reason and flags the name, the
# institution corrects it (refused before the replacement, by another
# institution, and again once the replacement is signed), the
# replacement's content is rebuilt from the corrected data (a signing
# request made before a further correction goes stale), both parties
# sign; /verify of the old number says 已被替换 and names the new one,
# which carries the corrected name; the original keeps the old name.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

IA=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
# A confirmed demo certificate of zcjy at A, its student's only one
# (earlier suites leave others, such as t0113's template students).
C=$(sql "SELECT c.id FROM certificate c JOIN organisation o ON o.id = c.organisation_id
    WHERE o.code = 'ZCJY' AND c.institution_id = $IA AND c.status = 'confirmed'
    AND c.replaces_id IS NULL AND c.issued_on = '2020-09-15'
    AND NOT EXISTS (SELECT 1 FROM certificate_revocation v WHERE v.certificate_id = c.id)
    AND (SELECT COUNT(*) FROM certificate x WHERE x.student_id = c.student_id) = 1
    ORDER BY c.id DESC LIMIT 1")
check "a confirmed certificate to replace" test -n "$C"
S=$(sql "SELECT student_id FROM certificate WHERE id = $C")
OLDNUM=$(sql "SELECT number FROM certificate WHERE id = $C")
OLD=$(sql "SELECT name FROM student WHERE id = $S")
OLDSHA=$(sql "SELECT canon_sha256 FROM certificate WHERE id = $C")
WRONG=邱正确一
NEW=邱正确
sname() { sql "SELECT name FROM student WHERE id = $S"; }
# edit JAR NAME: the student's edit form posted with a new name.
edit() {
	local tok ver
	get "$1" "/students/$S/edit" >/dev/null
	tok=$(csrf)
	ver=$(grep -o 'name="version" value="[0-9]*"' "$T/body" | sed 's/.*value="//;s/"$//')
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$tok" --data-urlencode "version=$ver" \
	    --data-urlencode "name=$2" --data-urlencode "gender=$(sql "SELECT gender FROM student WHERE id = $S")" \
	    --data-urlencode "id_type=$(sql "SELECT id_type FROM student WHERE id = $S")" \
	    --data-urlencode "id_number=" \
	    --data-urlencode "student_type=$(sql "SELECT student_type FROM student WHERE id = $S")" \
	    --data-urlencode "phone=$(sql "SELECT phone FROM student WHERE id = $S")" \
	    --data-urlencode "major=$(sql "SELECT major FROM student WHERE id = $S")" \
	    --data-urlencode "class_name=$(sql "SELECT class_name FROM student WHERE id = $S")" \
	    "$B/students/$S/edit"
}
# request JAR ID: a signing request for ID; pad JAR: sign the last one
# (its id in $T/req) on this screen.
request() {
	post "$1" /certs/sign "$(page_token "$1" /certs)" "id=$2" > "$T/code"
	location | sed -n 's#^.*/certs/sign/\([0-9]*\).*$#\1#p' > "$T/req"
	cat "$T/code"
}
pad() {
	local D
	D=$(cat "$T/req")
	base64 -w0 "$T/line.png" > "$T/d.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(page_token "$1" "/certs/sign/$D")" \
	    --data-urlencode "sig@$T/d.b64" "$B/certs/sign/$D/here"
}

is "zcjy logs in" "$(login z zcjy)" 303
is "hxzz (another organisation) logs in" "$(login h hxzz)" 303
is "the principal of A logs in" "$(login p p21020000000000000000)" 303
is "B's principal logs in" "$(login q p11010000000000000031)" 303

# --- before any replacement: the name is frozen
is "the certificate's image as issued" "$(get z "/certs/$C/certificate.png" "$T/before.png")" 200
is "correcting the name with no open replacement: refused" "$(edit p "$WRONG")" 403
has "(says the identity is frozen)" "$T/body" "姓名、性别和证件信息已冻结"
is "(the name unchanged)" "$(sname)" "$OLD"
check "(the database refuses it too)" bash -c "! sql \"UPDATE student SET name = '$WRONG' WHERE id = $S\" 2>/dev/null"
is "(still unchanged)" "$(sname)" "$OLD"

# --- the replacement, with its reason
is "hxzz cannot replace zcjy's certificate (404)" "$(sigpost h "/certs/$C/replace" "$T/line.png" "reason=姓名有误")" 404
is "zcjy replaces it: 姓名有误" "$(sigpost z "/certs/$C/replace" "$T/line.png" "reason=姓名有误，更正为身份证上的姓名")" 303
N=$(location | sed 's|.*/certs/||; s|?.*||')
is "(the replacement awaits the organisation, the original in force)" "$(sql "SELECT n.status, o.status FROM certificate n JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N AND o.id = $C" | tr '\t' ' ')" "org_pending confirmed"
NEWNUM=$(sql "SELECT number FROM certificate WHERE id = $N")
is "replacing it twice: refused" "$(sigpost z "/certs/$C/replace" "$T/line.png" "reason=再次替换")" 409
is "(still one replacement)" "$(sql "SELECT COUNT(*) FROM certificate WHERE replaces_id = $C") $(sql "SELECT COUNT(*) FROM certificate_revocation WHERE certificate_id = $C")" "1 1"

# --- the organisation flags the name (完善学生信息)
DL=$(date -u -d '+8 hours +7 days' +%F)
get z "/students/$S" >/dev/null
is "zcjy flags the name" "$(post z "/students/$S/flag" "$(csrf)" "field=name" "note=姓名有误，请按身份证更正" "deadline=$DL")" 303
F=$(sql "SELECT MAX(id) FROM correction_flag WHERE student_id = $S")
is "signing the replacement while the flag is open: refused" "$(request z "$N")" 409
has "(says the holder's data is being corrected)" "$T/body" "仍有待完善的信息"

# --- the institution corrects it
is "the edit form" "$(get p "/students/$S/edit")" 200
has "(says the replacement is open to a correction)" "$T/body" "现在可以更正姓名、性别和证件信息"
hasnt "(not frozen)" "$T/body" "已冻结"
is "B's principal cannot correct A's student (404)" "$(edit q "$WRONG")" 404
is "(unchanged)" "$(sname)" "$OLD"
is "the photo stays frozen (the original's image draws it)" \
    "$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/p" -H "Origin: $B" -F "_csrf=$(page_token p "/students/$S")" -F "photo=@$T/line.png;type=image/png" "$B/students/$S/photo")" 403
is "the principal corrects the name" "$(edit p "$WRONG")" 303
is "(corrected)" "$(sname)" "$WRONG"
is "(in the history and the audit log)" "$(sql "SELECT COUNT(*) FROM student_change WHERE student_id = $S AND field = 'name' AND new_value = '$WRONG'") $(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'student.update' AND object_id = $S AND detail = 'identity'")" "1 1"
get p /students/corrections >/dev/null
is "the institution confirms the correction" "$(post p "/students/corrections/$F/confirm" "$(csrf)")" 303
get z /students/corrections >/dev/null
is "zcjy accepts it" "$(post z "/students/corrections/$F/accept" "$(csrf)")" 303

# --- signing: the content rebuilt from the corrected data
is "zcjy asks to sign the replacement" "$(request z "$N")" 303
is "(its content rebuilt: the corrected name, its own number)" "$(sql "SELECT JSON_VALUE(canon, '$.holder.name'), JSON_VALUE(canon, '$.number') = number, canon_sha256 = SHA2(canon, 256) FROM certificate WHERE id = $N" | tr '\t' ' ')" "$WRONG 1 1"
is "(in its history and audited)" "$(sql "SELECT COUNT(*) FROM certificate_event WHERE certificate_id = $N AND event = 'rebuild'") $(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.rebuild' AND object_id = $N")" "1 1"
is "the principal corrects the name once more, before the signature" "$(edit p "$NEW")" 303
is "the signature on the QR code made before: refused" "$(pad z)" 409
is "(the request stale, the replacement still unsigned, rebuilt again)" "$(sql "SELECT r.state, c.status, JSON_VALUE(c.canon, '$.holder.name') FROM signing_request r JOIN certificate c ON c.id = $N WHERE r.id = $(cat "$T/req")" | tr '\t' ' ')" "stale org_pending $NEW"
is "a new request" "$(request z "$N")" 303
is "zcjy signs the replacement" "$(pad z)" 303
is "(培训评价组织已签发: the original still in force)" "$(sql "SELECT n.status, o.status FROM certificate n JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N" | tr '\t' ' ')" "site_pending confirmed"
is "once signed, the name is frozen again" "$(edit p "${NEW}x")" 403
check "(the database refuses it too)" bash -c "! sql \"UPDATE student SET name = '${NEW}x' WHERE id = $S\" 2>/dev/null"
is "(the name as corrected)" "$(sname)" "$NEW"
is "the principal signs it" "$(request p "$N")" 303
is "(signed)" "$(pad p)" 303
is "(the replacement confirmed, the original 已被替换)" "$(sql "SELECT n.status, o.status FROM certificate n JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N" | tr '\t' ' ')" "confirmed replaced"
is "(the original's frozen content unchanged: the old name)" "$(sql "SELECT canon_sha256 = '$OLDSHA', SHA2(canon, 256) = '$OLDSHA', JSON_VALUE(canon, '$.holder.name') FROM certificate WHERE id = $C" | tr '\t' ' ')" "1 1 $OLD"
is "(the replacement's: the corrected name)" "$(sql "SELECT JSON_VALUE(canon, '$.holder.name') FROM certificate WHERE id = $N")" "$NEW"

is "the original's page" "$(get z "/certs/$C")" 200
has "(the old name, as issued)" "$T/body" "$OLD"
hasnt "(not the corrected one)" "$T/body" "$NEW"
is "the replacement's page" "$(get z "/certs/$N")" 200
has "(the corrected name)" "$T/body" "$NEW"

# --- public verification of both
get v /verify >/dev/null
is "/verify of the old number (its QR code)" "$(get v "/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $C")")" 200
has "(已被替换)" "$T/body" "已被替换"
has "(links the replacement's live status by its signed QR URL)" "$T/body" \
    "替换后的证书编号：<a class=\"mono\" id=\"replaced-by\" href=\"/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $N")\">$NEWNUM</a>"
hasnt "(not the corrected name, masked as the page masks it)" "$T/body" "<dd>邱*确</dd>"
is "/verify of the new number" "$(get v "/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $N")")" 200
has "(真实有效)" "$T/body" "该证书真实有效"
has "(替换自 the old number, linked likewise)" "$T/body" \
    "替换自证书 <a class=\"mono\" id=\"replaces\" href=\"/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $C")\">$OLDNUM</a>"
has "(the corrected name, masked)" "$T/body" "<dd>邱*确</dd>"
is "the published holders: the old name on the old, the corrected on the new" "$(sql "SELECT (SELECT student_name FROM v_cert_public WHERE number = '$OLDNUM'), (SELECT student_name FROM v_cert_public WHERE number = '$NEWNUM')" | tr '\t' ' ')" "$OLD $NEW"

# --- the original's downloads: as issued, with a watermark
is "the original's image" "$(get z "/certs/$C/certificate.png" "$T/after.png")" 200
check "(watermarked: not the image as issued)" test "$(sha256sum < "$T/before.png")" != "$(sha256sum < "$T/after.png")"
is "(drawn from its frozen content: no image mismatch)" "$(sql "SELECT COUNT(*) FROM certificate_image_mismatch WHERE certificate_id = $C")" 0
is "the original's PDF: a notice in its place" "$(get z "/certs/$C/certificate.pdf")" 410
has "(已被替换, the new number)" "$T/body" "替换后的证书编号：$NEWNUM"
is "the replacement's PDF" "$(get z "/certs/$N/certificate.pdf" "$T/new.pdf")" 200
check "(a PDF)" grep -q '^%PDF-' "$T/new.pdf"
done_testing
