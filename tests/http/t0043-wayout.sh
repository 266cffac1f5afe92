#!/bin/bash
# t0043-wayout.sh: the way out for a wrong identity on a pending
# certificate: the edit form says why the identity is locked and what to
# do; once the certificate is rejected the institution corrects it (the
# edit check agrees with the trigger student_identity_frozen).
. "$(dirname "$0")/lib.sh"

# edit JAR SID field=value ...: the edit form posted with the record's
# current values after the given ones (the first occurrence wins).
edit() {
	local jar=$1 sid=$2 tok ver
	shift 2
	get "$jar" "/students/$sid/edit" "$T/edit.html" >/dev/null
	tok=$(csrf "$T/edit.html")
	ver=$(grep -o 'name="version" value="[0-9]*"' "$T/edit.html" | grep -o '[0-9]*')
	IFS=$'\t' read -r n g it st ph ma cl < <(sql "SELECT name, gender, id_type, student_type, phone, major, class_name FROM student WHERE id = $sid")
	post "$jar" "/students/$sid/edit" "$tok" "$@" "name=$n" "gender=$g" \
	    "id_type=$it" "student_type=$st" "phone=$ph" "major=$ma" \
	    "class_name=$cl" "version=$ver"
}

# 1. A site_pending record: the principal rejects it through the page.
read -r cid sid < <(sql "SELECT c.id, c.student_id FROM certificate c JOIN institution i ON i.id = c.institution_id WHERE i.code = '21020000000000000000' AND c.status = 'site_pending' AND NOT EXISTS (SELECT 1 FROM certificate o WHERE o.student_id = c.student_id AND o.id <> c.id) ORDER BY c.id LIMIT 1")
check "a pending demo record ($cid)" test -n "$cid"
login z biz2102 >/dev/null
is "the edit form opens" "$(get z "/students/$sid/edit")" 200
has "it says the identity is locked" "$T/body" "姓名、性别和证件信息已冻结"
has "it names the certificate" "$T/body" "href=\"/certs/$cid\""
has "it shows the way out" "$T/body" "培训评价组织以此为由在证书记录上“拒绝签发”"
is "renaming is refused while pending" "$(edit z "$sid" name=更正甲)" 403
has "the refusal shows the way out too" "$T/body" "拒绝后，本院校即可在此更正"
login p p21020000000000000000 >/dev/null
tok=$(page_token p "/certs/$cid")
is "the principal rejects it with the reason" "$(post p /certs/reject "$tok" "id=$cid" "reason=姓名有误，待院校更正")" 303
is "the record is site_rejected" "$(sql "SELECT status FROM certificate WHERE id = $cid")" site_rejected
get z "/students/$sid/edit" >/dev/null
hasnt "the form no longer says locked" "$T/body" "已冻结"
is "the institution corrects the name now" "$(edit z "$sid" name=更正甲)" 303
is "the name changed" "$(sql "SELECT name FROM student WHERE id = $sid")" 更正甲

# 2. An org_pending record: the organisation's rejection (by SQL here).
read -r cid2 sid2 < <(sql "SELECT c.id, c.student_id FROM certificate c JOIN institution i ON i.id = c.institution_id WHERE i.code = '11010000000000000031' AND c.status = 'org_pending' AND NOT EXISTS (SELECT 1 FROM certificate o WHERE o.student_id = c.student_id AND o.id <> c.id) ORDER BY c.id LIMIT 1")
check "an org_pending demo record ($cid2)" test -n "$cid2"
login q p11010000000000000031 >/dev/null
is "renaming is refused while org_pending" "$(edit q "$sid2" name=更正乙)" 403
check "the trigger refuses it too" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e \"UPDATE student SET name = 'x' WHERE id = $sid2\" 2>/dev/null"
sql "UPDATE certificate SET status = 'org_rejected', reject_reason = '姓名有误' WHERE id = $cid2"
is "after the rejection the edit is accepted" "$(edit q "$sid2" name=更正乙)" 303
is "the name changed" "$(sql "SELECT name FROM student WHERE id = $sid2")" 更正乙
check "and the trigger allows it" sql "UPDATE student SET name = '更正丙' WHERE id = $sid2"

# 3. A confirmed certificate keeps the identity frozen.
read -r sid3 < <(sql "SELECT student_id FROM certificate WHERE status = 'confirmed' ORDER BY id LIMIT 1")
get z "/students/$sid3/edit" >/dev/null
has "confirmed: locked, with the reason" "$T/body" "已确认签发的证书不能再更改"

# 4. A 待完善 flag on the name of a student whose certificate is pending:
# both sides' 待完善 pages say what happens next.
read -r cid4 sid4 < <(sql "SELECT c.id, c.student_id FROM certificate c WHERE c.institution_id = 1 AND c.status = 'site_pending' AND NOT EXISTS (SELECT 1 FROM correction_flag f WHERE f.student_id = c.student_id) ORDER BY c.id DESC LIMIT 1")
login o zcjy >/dev/null
is "zcjy flags the name of a student with a pending certificate" "$(post o "/students/$sid4/flag" "$(page_token o /students)" field=name note=姓名与身份证不一致 deadline="$(TZ=Asia/Shanghai date -d '+5 days' +%F)")" 303
get o /students/corrections >/dev/null
has "the organisation's page shows the way out" "$T/body" "拒绝签发该证书</a>（理由写明本项）"
has "linking the certificate's rejection" "$T/body" "href=\"/certs/$cid4#reject\""
login z biz2102 >/dev/null
get z /students/corrections >/dev/null
has "the institution's page says it can correct once rejected" "$T/body" "培训评价组织拒绝签发该证书后即可完善"
sql "UPDATE certificate SET status = 'site_rejected', reject_reason = '姓名有误' WHERE id = $cid4"
get o /students/corrections >/dev/null
hasnt "once rejected, the way-out note is gone" "$T/body" "href=\"/certs/$cid4#reject\""
done_testing
