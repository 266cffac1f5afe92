#!/bin/bash
# t0010-frozen.sh: the identity on a certificate cannot be changed by an
# edit (a confirmed certificate would otherwise verify for someone else).
. "$(dirname "$0")/lib.sh"

login z biz2102 >/dev/null
sid=$(sql "SELECT student_id FROM certificate WHERE number = '15600031012020000000016'")
edit() {	# field=value ... on top of the current record
	local tok ver
	get z "/students/$sid/edit" "$T/edit.html" >/dev/null
	tok=$(csrf "$T/edit.html")
	ver=$(grep -o 'name="version" value="[0-9]*"' "$T/edit.html" | grep -o '[0-9]*')
	# The first occurrence of a field wins: the changes go first.
	post z "/students/$sid/edit" "$tok" "$@" name=王思远 gender=男 \
	    id_type=居民身份证 student_type=院校学生 phone=13800000000 \
	    major=焊接技术与自动化 class_name=2018级1班 "version=$ver"
}
get z "/students/$sid/edit" >/dev/null
has "the form says the identity is frozen" "$T/body" "姓名、性别和证件信息已冻结"
is "renaming the holder is refused" "$(edit name=李四)" 403
has "with the reason" "$T/body" "该学生已生成证书"
is "changing the ID number is refused" "$(edit id_number=110105199001011232)" 403
is "the record is unchanged" "$(sql "SELECT CONCAT(name, ' ', id_mask) FROM student WHERE id = $sid")" "王思远 610113*****2012"
is "contact details may still change" "$(edit phone=13900000001)" 303
is "the phone changed" "$(sql "SELECT phone FROM student WHERE id = $sid")" 13900000001
is "the ciphertext of an unchanged number is kept" "$(sql "SELECT COUNT(*) FROM student_change WHERE student_id = $sid AND field = 'id_number'")" 0
check "the database refuses it too" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e \"UPDATE student SET name = 'x' WHERE id = $sid\" 2>/dev/null"
clear_verify
get v /verify >/dev/null
is "the certificate still verifies for its holder" "$(post v /verify "$(csrf)" number=15600031012020000000016 idno=610113200204152012)" 200
has "by name (masked)" "$T/body" "王*远"
done_testing
