#!/bin/bash
# t0041-certlist.sh: 证书发放管理 (issue 9): the nine filters per role and
# never another scope's rows, tab counts that follow the filter, keyset
# pages forward and back, 20/50/100 per page, the ID filter kept out of
# URLs, certificate numbers with a wrong check digit, row actions by
# role, the XLSX (read by openpyxl) and CSV exports, batch preview and
# its PNGs, and 按当前筛选全部确认签发 (iss_select).  Expected rows come
# from SQL on the same database, so earlier suites may have moved
# records.
. "$(dirname "$0")/lib.sh"
CIPH=$(real_cipher)

# The list's rows (checkbox ids) and a tab's count on a saved page.
ids() { grep -o 'name="id" value="[0-9]*" form="batch"' "${1:-$T/body}" | grep -o '[0-9][0-9]*' | tr '\n' ' '; }
tab() {
	if [ "$2" = all ]; then grep -o '全部 <b>[0-9]*' "$1" | grep -o '[0-9]*$'
	else grep -o "status=$2&amp;[^>]*>[^<]*<b>[0-9]*" "$1" | grep -o '[0-9]*$'; fi
}
# want WHERE [LIMIT]: the ids the list should show, oldest first.
want() {
	sql "SELECT c.id FROM certificate c JOIN student s ON s.id = c.student_id
	    WHERE $1 ORDER BY c.id LIMIT ${2:-20}" | tr '\n' ' '
}
cnt() { sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id WHERE $1"; }
urlenc() { /usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

I1=$(sql "SELECT id FROM institution WHERE code = '21020000000000000000'")
I2=$(sql "SELECT id FROM institution WHERE code = '11010000000000000031'")
O1=$(sql "SELECT id FROM organisation WHERE number_code = '156000'")
O2=$(sql "SELECT id FROM organisation WHERE number_code = '156002'")
P1=$(sql "SELECT plan_id FROM certificate WHERE institution_id = $I1 LIMIT 1")
P2=$(sql "SELECT plan_id FROM certificate WHERE institution_id = $I2 LIMIT 1")
TY1=$(sql "SELECT certificate_type_id FROM certificate WHERE institution_id = $I1 LIMIT 1")
TY2=$(sql "SELECT certificate_type_id FROM certificate WHERE institution_id = $I2 LIMIT 1")

is "principal logs in" "$(login p p21020000000000000000)" 303
is "business admin logs in" "$(login b biz2102)" 303
is "organisation zcjy logs in" "$(login z zcjy)" 303
is "organisation hxzz logs in" "$(login h hxzz)" 303
is "admin logs in" "$(login a admin)" 303

# --- the page, unfiltered ---------------------------------------------------
is "principal: /certs" "$(get p /certs "$T/p.html")" 200
is "tab 全部 counts the institution's certificates" "$(tab "$T/p.html" all)" "$(cnt "c.institution_id = $I1")"
for st in org_pending org_rejected site_pending site_rejected confirmed; do
	is "tab $st counts them" "$(tab "$T/p.html" $st)" \
	    "$(cnt "c.institution_id = $I1 AND c.status = '$st'")"
done
is "first page: the 20 oldest, by id" "$(ids "$T/p.html")" "$(want "c.institution_id = $I1")"
first=$(grep -o 'aria-label="选择 [0-9]*' "$T/p.html" | head -1 | grep -o '[0-9]*$')
is "it opens as the seed's screen does (朱鹏飞, ...0456)" "$first" 15600031012020000000456
for h in 学生信息 证书信息 考证结果 证书状态 操作 批量预览 批量导出发证记录 批量确认签发; do
	has "the page has $h" "$T/p.html" "$h"
done
has "a select-all checkbox" "$T/p.html" 'data-select-all'
has "handled by sign.js" "$T/p.html" '<script src="/static/sign.js"></script>'
hasnt "an institution does not choose 所属院校" "$T/p.html" '<select name="inst"'
has "an institution chooses 颁证机构" "$T/p.html" '<select name="org"'
get z /certs "$T/z.html" >/dev/null
hasnt "an organisation does not choose 颁证机构" "$T/z.html" '<select name="org"'
has "an organisation chooses 所属院校" "$T/z.html" '<select name="inst"'
hasnt "zcjy's plan choices hold no hxzz plan" "$T/z.html" "<option value=\"$P2\">$(sql "SELECT name FROM exam_plan WHERE id = $P2")"
get p /certs "$T/p.html" >/dev/null
hasnt "the principal's plan choices hold no plan of another site" "$T/p.html" "$(sql "SELECT name FROM exam_plan WHERE id = $P2")"
get a /certs "$T/a.html" >/dev/null
has "the admin chooses among all institutions" "$T/a.html" "11010000000000000031 京华"

# --- every filter, each role, only its scope ---------------------------------
NAME1=$(sql "SELECT s.name FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.institution_id = $I1 ORDER BY c.id LIMIT 1")
NAME2=$(sql "SELECT s.name FROM certificate c JOIN student s ON s.id = c.student_id WHERE c.institution_id = $I2 ORDER BY c.id LIMIT 1")
NUM1=$(sql "SELECT number FROM certificate WHERE institution_id = $I1 ORDER BY id LIMIT 1")
NUM2=$(sql "SELECT number FROM certificate WHERE institution_id = $I2 ORDER BY id LIMIT 1")
STY=$(urlenc 社会学员)
check1() {	# jar scope-where query where [status]: a filter's rows, counts
	local st=${5:-}
	get "$1" "/certs?$3${st:+&status=$st}" "$T/f.html" >/dev/null
	is "$1: ?$3${st:+&status=$st} shows its rows" "$(ids "$T/f.html")" \
	    "$(want "$2 AND $4${st:+ AND c.status = '$st'}")"
	is "$1: ?$3 counts them (全部)" "$(tab "$T/f.html" all)" "$(cnt "$2 AND $4")"
	[ -z "$st" ] || is "$1: ?$3 counts them ($st)" "$(tab "$T/f.html" $st)" \
	    "$(cnt "$2 AND $4 AND c.status = '$st'")"
}
for j in p b; do
	W="c.institution_id = $I1"
	check1 $j "$W" "name=$(urlenc "$NAME1")" "s.name = '$NAME1'"
	check1 $j "$W" "stype=$STY" "s.student_type = '社会学员'"
	check1 $j "$W" "number=$NUM1" "c.number = '$NUM1'"
	check1 $j "$W" "type=$TY1" "c.certificate_type_id = $TY1"
	check1 $j "$W" "org=$O1" "c.organisation_id = $O1"
	check1 $j "$W" "plan=$P1" "c.plan_id = $P1"
	check1 $j "$W" "site=$I1" "c.site_id = $I1"
	check1 $j "$W" "plan=$P1&stype=$STY" "c.plan_id = $P1 AND s.student_type = '社会学员'" site_pending
	# Another scope's values find nothing.
	for q in "inst=$I2" "plan=$P2" "org=$O2" "type=$TY2" "site=$I2" \
	    "number=$NUM2" "name=$(urlenc "$NAME2")" "inst=$I2&plan=$P2"; do
		get $j "/certs?$q" "$T/f.html" >/dev/null
		is "$j: another scope's ?$q finds nothing" "$(ids "$T/f.html")" ""
		is "$j: and counts nothing" "$(tab "$T/f.html" all)" 0
	done
done
W="c.organisation_id = $O1"
check1 z "$W" "inst=$I1" "c.institution_id = $I1"
check1 z "$W" "plan=$P1" "c.plan_id = $P1" confirmed
check1 z "$W" "site=$I1&stype=$STY" "c.site_id = $I1 AND s.student_type = '社会学员'"
check1 z "$W" "name=$(urlenc "$NAME1")" "s.name = '$NAME1'"
check1 z "$W" "number=$NUM1" "c.number = '$NUM1'"
for q in "org=$O2" "inst=$I2" "plan=$P2" "type=$TY2" "number=$NUM2" "site=$I2"; do
	get z "/certs?$q" "$T/f.html" >/dev/null
	is "zcjy: another organisation's ?$q finds nothing" "$(ids "$T/f.html")" ""
	is "zcjy: and counts nothing" "$(tab "$T/f.html" all)" 0
done
check1 h "c.organisation_id = $O2" "plan=$P2" "c.plan_id = $P2"
get h "/certs?plan=$P1" "$T/f.html" >/dev/null
is "hxzz: zcjy's plan finds nothing" "$(ids "$T/f.html")" ""
check1 a "TRUE" "inst=$I2" "c.institution_id = $I2"
check1 a "TRUE" "org=$O1" "c.organisation_id = $O1" site_pending

# --- the ID number filter: posted, carried as its blind index ----------------
IDNO=610114200103061011		# 朱鹏飞 of the demo data, institution 2102
is "ID filter: the list answers" "$(idfind p /certs $IDNO)" 200
hasnt "the redirect carries no ID number" "$T/idfind.url" "$IDNO"
check "it carries the blind index" grep -q 'idx=[0-9a-f]\{64\}' "$T/idfind.url"
HM=$(sql "SELECT HEX(id_hmac) FROM student WHERE institution_id = $I1 AND id_mask = '610114*****1011'")
is "ID filter: the holder's certificates" "$(ids)" "$(want "c.institution_id = $I1 AND s.id_hmac = UNHEX('$HM')")"
hasnt "the page does not echo the number" "$T/body" "$IDNO"
is "ID filter as zcjy (its certificate)" "$(idfind z /certs $IDNO)" 200
is "zcjy sees it too" "$(ids)" "$(want "c.organisation_id = $O1 AND s.id_hmac = UNHEX('$HM')")"
idfind h /certs $IDNO >/dev/null
is "hxzz: the same ID number finds nothing" "$(ids)" ""
idfind p /certs 610114200103061012 >/dev/null
has "an invalid ID number says so" "$T/body" "身份证号格式不正确"
is "and finds nothing" "$(ids)" ""
check "no ID number in the access log" bash -c "! grep -q '$IDNO' '$XC_VAR'/log/nginx-access.log"

# --- certificate numbers with a wrong check digit ----------------------------
last=${NUM1: -1}
BAD=${NUM1:0:22}$(( (last + 1) % 10 ))
get p "/certs?number=$BAD" "$T/f.html" >/dev/null
has "a wrong check digit is caught beside the filter" "$T/f.html" "校验位不符"
is "nothing is searched" "$(ids "$T/f.html")" ""
SW=${NUM1:0:20}${NUM1:21:1}${NUM1:20:1}${NUM1:22:1}
if [ "$SW" != "$NUM1" ]; then
	get p "/certs?number=$SW" "$T/f.html" >/dev/null
	has "two swapped neighbours are caught" "$T/f.html" "校验位不符"
fi
get p "/certs?number=123" "$T/f.html" >/dev/null
has "a short number is refused" "$T/f.html" "应为 23 位数字"

# --- keyset pages, forward and back; 20 / 50 / 100 per page ------------------
N1=$(cnt "c.institution_id = $I1")
get p "/certs?per=20" "$T/k1.html" >/dev/null
next=$(grep -o 'href="/certs?after=[0-9]*[^"]*' "$T/k1.html" | head -1 | sed 's/href="//;s/&amp;/\&/g')
check "page 1 links to the next page by keyset" test -n "$next"
get p "$next" "$T/k2.html" >/dev/null
is "page 2: the next 20 by id" "$(ids "$T/k2.html")" "$(sql "SELECT id FROM certificate WHERE institution_id = $I1 ORDER BY id LIMIT 20 OFFSET 20" | tr '\n' ' ')"
prev=$(grep -o 'href="/certs?before=[0-9]*[^"]*' "$T/k2.html" | head -1 | sed 's/href="//;s/&amp;/\&/g')
get p "$prev" "$T/k3.html" >/dev/null
is "back from page 2: page 1 again" "$(ids "$T/k3.html")" "$(ids "$T/k1.html")"
hasnt "page 1 has no previous page" "$T/k3.html" 'rel="prev"'
LASTID=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 ORDER BY id DESC LIMIT 1")
get p "/certs?after=$((LASTID - 1))" "$T/k4.html" >/dev/null
is "the last page ends with the newest" "$(ids "$T/k4.html")" "$LASTID "
hasnt "and has no next page" "$T/k4.html" 'rel="next"'
has "but a previous one" "$T/k4.html" 'rel="prev"'
S20=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 AND status = 'site_pending' ORDER BY id LIMIT 1 OFFSET 19")
get p "/certs?status=site_pending&after=$S20" "$T/k5.html" >/dev/null
is "keyset inside a tab" "$(ids "$T/k5.html")" "$(want "c.institution_id = $I1 AND c.status = 'site_pending' AND c.id > $S20")"
for n in 20 50 100; do
	get p "/certs?per=$n" "$T/n.html" >/dev/null
	w=$(( N1 < n ? N1 : n ))
	is "per=$n shows $w rows" "$(ids "$T/n.html" | wc -w)" "$w"
done
get p "/certs?per=7" "$T/n.html" >/dev/null
is "another per= falls back to 20" "$(ids "$T/n.html" | wc -w)" "$(( N1 < 20 ? N1 : 20 ))"
is "a keyset that is no number is refused" "$(get p '/certs?after=x')" 400

# --- row actions by role (cert_next) ------------------------------------------
SP=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 AND status = 'site_pending' ORDER BY id LIMIT 1")
get p "/certs?status=site_pending" "$T/r.html" >/dev/null
has "principal: 确认 on a site_pending row" "$T/r.html" "<input type=\"hidden\" name=\"id\" value=\"$SP\"><button type=\"submit\" class=\"btn small primary\">确认</button>"
has "principal: 拒绝 links to the record" "$T/r.html" "href=\"/certs/$SP#reject\">拒绝"
has "查看 links to the record" "$T/r.html" "href=\"/certs/$SP\">查看"
get b "/certs?status=site_pending" "$T/r.html" >/dev/null
has "business admin: 提交负责人" "$T/r.html" '提交负责人</button>'
hasnt "business admin: no 确认 of its own" "$T/r.html" '">确认</button>'
get z "/certs?status=site_pending" "$T/r.html" >/dev/null
hasnt "organisation: no 确认 on the site's pending rows" "$T/r.html" '">确认</button>'
get a /certs "$T/r.html" >/dev/null
hasnt "admin: no 确认" "$T/r.html" '">确认</button>'
OP=$(sql "SELECT id FROM certificate WHERE organisation_id = $O2 AND status = 'org_pending' ORDER BY id LIMIT 1")
if [ -n "$OP" ]; then
	get h "/certs?status=org_pending" "$T/r.html" >/dev/null
	has "organisation: 确认 on its pending row" "$T/r.html" "value=\"$OP\"><button type=\"submit\" class=\"btn small primary\">确认</button>"
fi

# --- 按当前筛选全部确认签发: iss_select follows the filter ---------------------
tok=$(page_token h /certs)
WANT=$(cnt "c.organisation_id = $O2 AND c.plan_id = $P2 AND c.status = 'org_pending'")
is "all=1 with hxzz's plan: a signing request" "$(post h /certs/sign "$tok" all=1 "plan=$P2")" 303
RQ=$(location | grep -o '[0-9]*$')
is "for exactly the filter's pending records" "$(sql "SELECT n FROM signing_request WHERE id = '$RQ'")" "$WANT"
is "all=1 with zcjy's plan as hxzz: nothing to sign" "$(post h /certs/sign "$tok" all=1 "plan=$P1")" 400
sql "UPDATE signing_request SET state = 'cancelled' WHERE id = '$RQ'"

# --- a student named like a formula, planted in institution 2 ----------------
FORMULA='=HYPERLINK("http://evil.example/","点此")'
cleanup() {
	sql "DELETE FROM certificate WHERE number = '99999999999999999999994';
	    DELETE FROM exam_result WHERE student_id IN (SELECT id FROM student WHERE id_mask = '999999*****0000');
	    DELETE FROM student WHERE id_mask = '999999*****0000'" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
sql "INSERT INTO student (institution_id, name, gender, id_type, id_cipher, id_hmac, id_mask)
    VALUES ($I2, '$(echo "$FORMULA" | sed "s/'/''/g")', '男', '居民身份证', UNHEX('$CIPH'),
    UNHEX(SHA2('t0041-formula', 256)), '999999*****0000');
    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
    SELECT $P2, id, $I2, '已通过', 90 FROM student WHERE id_mask = '999999*****0000';
    INSERT INTO certificate (number, result_id, student_id, institution_id, site_id,
    organisation_id, certificate_type_id, plan_id, status)
    SELECT '99999999999999999999994', r.id, r.student_id, $I2, $I2, $O2, $TY2, $P2, 'org_pending'
    FROM exam_result r JOIN student s ON s.id = r.student_id WHERE s.id_mask = '999999*****0000'"
NX=$(cnt "c.organisation_id = $O2")
is "planted: hxzz has its records" "$(sql "SELECT COUNT(*) FROM certificate WHERE number = '99999999999999999999994'")" 1

# --- XLSX and CSV --------------------------------------------------------------
is "XLSX export" "$(headers h /certs/export.xlsx)" 200
mv "$T/body" "$T/h.xlsx"
check "sent as a spreadsheet" grep -qi 'content-type: application/vnd.openxmlformats' "$T/hdr"
cat > "$T/xl.py" <<'EOF'
import re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = list(ws.iter_rows())
bad_mask = [r[1].value for r in rows[1:] if not re.fullmatch(r'[0-9]{6}\*{5}[0-9X]{4}', str(r[1].value))]
formulas = [c.coordinate for r in rows for c in r if c.data_type == 'f' or (isinstance(c.value, str) and c.value.startswith('='))]
names = [r[0].value for r in rows[1:]]
print(len(rows) - 1, len(bad_mask), len(formulas), int(any(str(n).startswith("'=HYPERLINK") for n in names)))
EOF
is "XLSX (openpyxl): rows, masked IDs, no formula cells, the name kept inert" \
    "$(/usr/bin/python3 "$T/xl.py" "$T/h.xlsx")" "$NX 0 0 1"
is "XLSX of a filter" "$(get h "/certs/export.xlsx?plan=$P2&status=org_pending" "$T/f.xlsx")" 200
is "it holds the filter's rows" "$(/usr/bin/python3 "$T/xl.py" "$T/f.xlsx" | cut -d' ' -f1)" \
    "$(cnt "c.organisation_id = $O2 AND c.plan_id = $P2 AND c.status = 'org_pending'")"
get p /certs/export.xlsx "$T/p.xlsx" >/dev/null
is "principal's XLSX: its institution only" "$(/usr/bin/python3 "$T/xl.py" "$T/p.xlsx" | cut -d' ' -f1)" "$N1"
get p "/certs/export.xlsx?plan=$P2" "$T/x.xlsx" >/dev/null
is "principal's XLSX of another site's plan: empty" "$(/usr/bin/python3 "$T/xl.py" "$T/x.xlsx" | cut -d' ' -f1)" 0
is "CSV export" "$(headers h /certs/export.csv)" 200
check "sent as UTF-8 CSV" grep -qi 'content-type: text/csv; charset=utf-8' "$T/hdr"
cat > "$T/readcsv.py" <<'EOF'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
bad_mask = [r[1] for r in rows[1:] if not re.fullmatch(r'[0-9]{6}\*{5}[0-9X]{4}', r[1])]
formulas = [c for r in rows for c in r if c.lstrip(' \t\r')[:1] in ('=', '+', '-', '@')]
print(len(rows) - 1, len(bad_mask), len(formulas), int(any(r[0].startswith("'=HYPERLINK") for r in rows)))
EOF
is "CSV: rows, masked IDs, no cell a spreadsheet would evaluate" "$(/usr/bin/python3 "$T/readcsv.py" "$T/body")" "$NX 0 0 1"
hasnt "CSV: no full ID number" "$T/body" "$IDNO"

# --- batch preview -------------------------------------------------------------
OWN=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 ORDER BY id DESC LIMIT 1")
OWN2=$(sql "SELECT id FROM certificate WHERE institution_id = $I1 ORDER BY id DESC LIMIT 1 OFFSET 1")
OTHER=$(sql "SELECT id FROM certificate WHERE institution_id = $I2 ORDER BY id LIMIT 1")
is "preview PNG of its own record" "$(headers p /certs/$OWN/preview.png)" 200
check "as image/png" grep -qi 'content-type: image/png' "$T/hdr"
check "a real PNG" bash -c "head -c 8 '$T/body' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
is "preview PNG of another institution's record: 404" "$(get p /certs/$OTHER/preview.png)" 404
is "and for another organisation: 404" "$(get z /certs/$OTHER/preview.png)" 404
is "the admin previews any" "$(get a /certs/$OTHER/preview.png)" 200
tok=$(page_token p /certs)
is "批量预览 posts the checked rows" "$(post p /certs/preview "$tok" "id=$OWN" "id=$OWN2")" 303
loc=$(location)
is "to the preview page" "$(get p "$loc" "$T/pv.html")" 200
has "one image per record" "$T/pv.html" "<img src=\"/certs/$OWN/preview.png\""
has "the second too" "$T/pv.html" "<img src=\"/certs/$OWN2/preview.png\""
is "a preview with another scope's record: 404" "$(get p "/certs/preview?id=$OWN&id=$OTHER")" 404
is "no selection: refused with a message" "$(post p /certs/preview "$tok")" 400
has "saying what to do" "$T/body" "请先勾选"

done_testing
