#!/bin/bash
# t0113-templates.sh: certificate templates as data (issue 10): the admin
# pages, new versions and their refusals; the freeze (a template or seal
# changed after confirmation leaves the issued PNG and PDF image byte for
# byte the same); the stored image hash and a tampered one (not served,
# listed); the capability URL of the web view (a wrong HMAC is 404, the
# second request a cache HIT); the full ID number on the print copy only;
# a template that requires a photo refuses signing; the print view; every
# role.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

N=15600031012020000000016
C=$(sql "SELECT id FROM certificate WHERE number = '$N'")
O=$(sql "SELECT id FROM certificate WHERE status = 'confirmed' AND id <> $C
    AND student_id <> (SELECT student_id FROM certificate WHERE id = $C)
    AND institution_id = (SELECT institution_id FROM certificate WHERE id = $C)
    LIMIT 1")
sha() { sha256sum "$1" | cut -c1-64; }
ntpl() { sql "SELECT COUNT(*) FROM cert_template"; }
# png_size FILE: "W x H" from the PNG header.
png_size() { /usr/bin/python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print("%d x %d" % struct.unpack(">II", d[16:24]))' "$1"; }
# pdfimg FILE OUT: the PDF's (only) image, as pdfimages extracts it.
pdfimg() { rm -f "$2"-*; pdfimages -png "$1" "$2" && cat "$2"-000.png; }
# newtpl JAR LAYOUT [k=v...]: POST a new version (multipart); the status.
newtpl() {
	local jar=$1 lay=$2 tok
	shift 2
	tok=$(page_token "$jar" /certs/templates/new)
	printf '%s' "$lay" > "$T/layout.txt"
	local args=(-F "_csrf=$tok" -F "layout=<$T/layout.txt")
	for a in "$@"; do args+=(-F "$a"); done
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$jar" \
	    -c "$T/$jar" -H "Origin: $B" "${args[@]}" "$B/certs/templates/new"
}

is "the platform admin logs in" "$(login a admin)" 303
is "zcjy logs in" "$(login z zcjy)" 303
is "the principal of 21020000000000000000 logs in" "$(login p p21020000000000000000)" 303
is "another institution's principal logs in" "$(login q p11010000000000000031)" 303
is "the demo student 王思远 logs in" "$(login s 610113200204152012)" 303
is "a business admin of that institution logs in" "$(login b biz2102)" 303

# ---- 证书模板: who sees it --------------------------------------------
is "admin: 证书模板 (200)" "$(get a /certs/templates)" 200
has "lists the seeded default, version 1" "$T/body" "平台默认模板（原版式）"
has "in the menu" "$T/body" 'href="/certs/templates"'
for w in z p q s b; do
	is "$w: 证书模板 is not theirs (404)" "$(get "$w" /certs/templates)" 404
	is "$w: no new-version form (404)" "$(get "$w" /certs/templates/new)" 404
done
rm -f "$T/anon"
is "anonymous: to the login (303)" "$(get anon /certs/templates)" 303
V1=$(sql "SELECT id FROM cert_template WHERE type_key = 0 AND version = 1")
is "admin: version 1 on a sample holder (200)" \
    "$(headers a "/certs/templates/$V1/sample.png")" 200
has "a PNG" "$T/hdr" "Content-Type: image/png"
cp "$T/body" "$T/sample1.png"
is "the sample is 150 dpi A4" "$(png_size "$T/sample1.png")" "1754 x 1240"
is "zbarimg reads the sample's QR code" \
    "$(zbarimg -q --raw "$T/sample1.png" 2>/dev/null | tr -d '\r\n')" \
    "$B/verify"
is "z: no sample (404)" "$(get z "/certs/templates/$V1/sample.png")" 404

# ---- The issued certificate before any change -------------------------
is "s: the print copy (200)" "$(get s "/certs/$C/certificate.png" "$T/p1.png")" 200
is "the print copy is 300 dpi" "$(png_size "$T/p1.png")" "3508 x 2480"
is "its hash was stored by the first render" \
    "$(sql "SELECT sha256 FROM certificate_image WHERE certificate_id = $C AND dpi = 300")" \
    "$(sha "$T/p1.png")"
is "zbarimg: the print copy's QR code is its signed verification URL" \
    "$(zbarimg -q --raw "$T/p1.png" 2>/dev/null | tr -d '\r\n')" \
    "$B/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $C")"
is "z: the PDF (200)" "$(get z "/certs/$C/certificate.pdf" "$T/d1.pdf")" 200
pdfimg "$T/d1.pdf" "$T/d1" > "$T/d1.img"
check "(the PDF's image extracted)" test -s "$T/d1.img"
is "z: the print copy is the holder's, byte for byte" \
    "$(get z "/certs/$C/certificate.png" "$T/z1.png")/$(sha "$T/z1.png")" "200/$(sha "$T/p1.png")"

# The web view: on 我的证书 and the record page, by its capability URL.
get s /certs/mine "$T/mine.html" >/dev/null
U=$(grep -o "/certs/img/$C/[0-9a-f]*\.png" "$T/mine.html" | head -n1)
check "我的证书 embeds the certificate's web view" test -n "$U"
get z "/certs/$C" "$T/rec.html" >/dev/null
has "the record page embeds the same URL" "$T/rec.html" "$U"
has "and offers the print view" "$T/rec.html" "/certs/print?ids=$C"
rm -f "$T/anon"
rm -rf "$XC_VAR"/nginx/certimg/*	# a rerun on the same stack starts cold
is "the web view: 200" "$(headers anon "$U")" 200
cp "$T/body" "$T/w1.png"
has "image/png" "$T/hdr" "Content-Type: image/png"
has "the first request is drawn (MISS)" "$T/hdr" "X-Cache-Status: MISS"
hasnt "no cookie set" "$T/hdr" "Set-Cookie"
is "the web view is 150 dpi" "$(png_size "$T/w1.png")" "1754 x 1240"
is "its hash was stored too" \
    "$(sql "SELECT sha256 FROM certificate_image WHERE certificate_id = $C AND dpi = 150")" \
    "$(sha "$T/w1.png")"
is "the second request: 200" "$(headers s "$U")" 200
has "served from nginx's cache (HIT)" "$T/hdr" "X-Cache-Status: HIT"
check "the same bytes" cmp -s "$T/body" "$T/w1.png"
# A wrong capability: one hex digit changed, another certificate's id.
h=${U##*/}
h=${h%.png}
last=${h: -1}
[ "$last" = 0 ] && sub=1 || sub=0
is "one hex digit changed: 404" "$(headers anon "${U%/*}/${h%?}$sub.png")" 404
hasnt "(not from the cache)" "$T/hdr" "X-Cache-Status: HIT"
is "again (still 404: never cached)" "$(get anon "${U%/*}/${h%?}$sub.png")" 404
is "another certificate's id with this HMAC: 404" \
    "$(get anon "/certs/img/$O/$h.png")" 404
is "a short HMAC: 404" "$(get anon "/certs/img/$C/${h:0:32}.png")" 404
is "an unconfirmed certificate has no web view (404)" \
    "$(get anon "/certs/img/$(sql "SELECT id FROM certificate WHERE status <> 'confirmed' LIMIT 1")/$h.png")" 404

# The ID number: full on the print copy, masked on the web view.
check "(the print copy and the web view differ beyond their size)" \
    bash -c "! cmp -s '$T/p1.png' '$T/w1.png'"
PV=$(sql "SELECT id FROM certificate WHERE status IN ('org_pending','site_pending')
    AND organisation_id = 1 ORDER BY id LIMIT 1")
is "z: a pending record's preview (200)" "$(get z "/certs/$PV/preview.png" "$T/pv1.png")" 200

# ---- A new version, and its refusals ----------------------------------
get a /certs/templates/new >/dev/null
has "the form offers the default's layout to edit" "$T/body" "name x=40 y=76"
LAY=$(sed -n '/<textarea name="layout"/,/<\/textarea>/p' "$T/body" |
    sed 's/.*<textarea[^>]*>//; s#</textarea>.*##' |
    /usr/bin/python3 -c 'import html, sys; print(html.unescape(sys.stdin.read()), end="")')
check "(the layout read from the form)" grep -q "^qr x=244" <<<"$LAY"
n0=$(ntpl)
bad() {	# DESC LAYOUT WANT [k=v...]: refused with 400 and WANT, nothing saved
	local d=$1 lay=$2 want=$3
	shift 3
	is "$d: 400" "$(newtpl a "$lay" "$@")" 400
	has "$d: says so" "$T/body" "$want"
	is "$d: no version saved" "$(ntpl)" "$n0"
}
bad "an unknown field" "$LAY"$'\n''stamp x=1 y=1' "未知字段“stamp”"
bad "the QR code box missing" "$(grep -v '^qr ' <<<"$LAY")" "版式缺少“二维码框”"
bad "a field twice" "$LAY"$'\n''name x=40 y=100 size=12' "字段重复"
bad "off the page" "${LAY/name x=40 y=76/name x=400 y=76}" "超出 A4 横向页面"
bad "a bad colour" "${LAY/name x=40 y=76/name x=40 y=76 colour=red}" "颜色应为六位十六进制"
bad "a negative position" "${LAY/name x=40 y=76/name x=-4 y=76}" "不是不小于 0 的数"
bad "a text size of 200 pt" "${LAY/name x=40 y=76 size=15/name x=40 y=76 size=200}" "字号应在 4 到 72 磅之间"
bad "a tiny seal box" "${LAY/org_seal x=65 y=144 w=40 h=40/org_seal x=65 y=144 w=2 h=2}" "框的宽和高至少 5 毫米"
bad "an empty layout" "" "版式为空"
printf 'GIF89a0000' > "$T/bg.gif"
bad "a GIF background" "$LAY" "背景图片" "background=@$T/bg.gif;type=image/png"
/usr/bin/python3 - "$T" <<'PY'
import struct, sys, zlib
def png(w, h, path):
    raw = b"".join(b"\x00" + bytes([250, 246, 235]) * w for _ in range(h))
    c = lambda k, d: struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + c(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + c(b"IDAT", zlib.compress(raw, 9)) + c(b"IEND", b""))
png(1000, 1000, sys.argv[1] + "/square.png")
png(1200, 848, sys.argv[1] + "/a4.png")
PY
bad "a square background" "$LAY" "A4 横向比例" "background=@$T/square.png;type=image/png"
bad "a certificate type that does not exist" "$LAY" "该证书类型不存在" "type=999999999"
bad "a type that is not a number" "$LAY" "请选择证书类型" "type=x"
is "no CSRF token: 403" "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/a" -H "Origin: $B" \
    -F "layout=$LAY" "$B/certs/templates/new")" 403
is "z may not add a version (404)" "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/z" \
    -H "Origin: $B" -F "_csrf=$(page_token z /certs)" -F "layout=$LAY" "$B/certs/templates/new")" 404
is "nothing saved by any refusal" "$(ntpl)" "$n0"

# Version 2 of the default (on a fresh stack): the name moved and
# larger, a background.
VN=$(sql "SELECT MAX(version) + 1 FROM cert_template WHERE type_key = 0")
SEEN=$(sql "SELECT IFNULL(SUM(seen), 0) FROM certificate_image_mismatch WHERE certificate_id = $C")
LAY2=${LAY/name x=40 y=76 size=15/name x=46 y=77 size=17}
is "admin saves version 2 of the default (303)" \
    "$(newtpl a "$LAY2" "note=t0113 v2 $$" "background=@$T/a4.png;type=image/png")" 303
V2=$(sql "SELECT id FROM cert_template WHERE type_key = 0 ORDER BY version DESC LIMIT 1")
is "a new version ($VN)" "$(sql "SELECT version, background IS NOT NULL FROM cert_template WHERE id = $V2" | tr '\t' ' ')" "$VN 1"
is "with its layout rows" "$(sql "SELECT COUNT(*) FROM cert_template_field WHERE template_id = $V2")" \
    "$(sql "SELECT COUNT(*) FROM cert_template_field WHERE template_id = $V1")"
is "audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'template.version' AND object_id = $V2")" 1
get a /certs/templates >/dev/null
has "listed" "$T/body" "t0113 v2 $$"
has "offers it as a starting point" "$T/body" "/certs/templates/new?from=$V2"
is "the form from version $VN (200)" "$(get a "/certs/templates/new?from=$V2")" 200
has "holds its layout" "$T/body" "name x=46 y=77 size=17"
is "the form from a version that does not exist (404)" "$(get a "/certs/templates/new?from=999999999")" 404
is "its sample (200)" "$(get a "/certs/templates/$V2/sample.png" "$T/sample2.png")" 200
check "(differs from version 1's)" bash -c "! cmp -s '$T/sample1.png' '$T/sample2.png'"
out=$(sql "UPDATE cert_template_field SET x = 50 WHERE template_id = $V1 AND seq = 4" 2>&1)
case $out in *"never changes"*) ok "a saved version cannot be changed (trigger)";;
*) nok "a saved version cannot be changed: $out";; esac
# A new organisation seal too (as a new version: seals never change).
NS=$(org_seal_bump "$C")

# ---- After both changes: the issued certificate is unchanged ----------
is "z: the preview of a pending record now draws the new version (200)" \
    "$(get z "/certs/$PV/preview.png" "$T/pv2.png")" 200
check "(the preview changed)" bash -c "! cmp -s '$T/pv1.png' '$T/pv2.png'"
is "s: the print copy again (200)" "$(get s "/certs/$C/certificate.png" "$T/p2.png")" 200
is "the print copy's hash is unchanged" "$(sha "$T/p2.png")" "$(sha "$T/p1.png")"
is "z: the PDF again (200)" "$(get z "/certs/$C/certificate.pdf" "$T/d2.pdf")" 200
pdfimg "$T/d2.pdf" "$T/d2" > "$T/d2.img"
is "the PDF's image hash is unchanged" "$(sha "$T/d2.img")" "$(sha "$T/d1.img")"
check "the PDF still passes qpdf --check" qpdf --check "$T/d2.pdf"
is "the web view's capability is unchanged" \
    "$(get s /certs/mine "$T/mine2.html" >/dev/null; grep -o "/certs/img/$C/[0-9a-f]*\.png" "$T/mine2.html" | head -n1)" "$U"
# Past nginx's cache (its files removed): drawn anew, the same bytes.
rm -rf "$XC_VAR"/nginx/certimg/*
is "the web view with the cache emptied: 200" "$(headers anon "$U")" 200
hasnt "(drawn anew, not a HIT)" "$T/hdr" "X-Cache-Status: HIT"
check "drawn anew after both changes: the same bytes" cmp -s "$T/body" "$T/w1.png"
is "no mismatch recorded" "$(sql "SELECT IFNULL(SUM(seen), 0) FROM certificate_image_mismatch WHERE certificate_id = $C")" "$SEEN"
is "the certificate still records no template (confirmed before templates were data)" \
    "$(sql "SELECT template_id IS NULL FROM certificate WHERE id = $C")" 1
out=$(sql "UPDATE certificate SET template_id = $V2 WHERE id = $C" 2>&1)
case $out in *"cannot change"*) ok "a confirmed certificate's template cannot be changed (trigger)";;
*) nok "a confirmed certificate's template cannot be changed: $out";; esac

# The test's seal version goes again (unused: nothing was signed since).
sql "DELETE FROM seal WHERE id = $NS"
is "(the test's seal version removed)" "$(sql "SELECT COUNT(*) FROM seal WHERE id = $NS")" 0

# ---- Tampering: the stored hash no longer matches ---------------------
good=$(sql "SELECT sha256 FROM certificate_image WHERE certificate_id = $C AND dpi = 300")
sql "UPDATE certificate_image SET sha256 = REPEAT('0', 64) WHERE certificate_id = $C AND dpi = 300"
is "s: the print copy is not served (409)" "$(get s "/certs/$C/certificate.png")" 409
has "with a clear reason" "$T/body" "与签发时冻结的图像不一致"
is "z: nor the PDF (409)" "$(get z "/certs/$C/certificate.pdf")" 409
hasnt "(no PDF bytes)" "$T/body" "%PDF"
is "recorded once per certificate and resolution, seen twice" \
    "$(sql "SELECT CONCAT(dpi, ' ', seen, ' ', expected = REPEAT('0', 64), ' ', got = '$good') FROM certificate_image_mismatch WHERE certificate_id = $C")" \
    "300 $((SEEN + 2)) 1 1"
check "logged" grep -q "certificate $C: the 300 dpi image hashes $good, frozen 0000" \
    "$XC_VAR/log/issuance.log"
get a /certs/templates >/dev/null
has "listed on the admin page" "$T/body" "$N"
has "under 图像校验异常" "$T/body" "图像校验异常"
sql "UPDATE certificate_image SET sha256 = '$good' WHERE certificate_id = $C AND dpi = 300"
is "the true hash restored: served again (200)" "$(get s "/certs/$C/certificate.png" "$T/p3.png")" 200
check "(the same bytes)" cmp -s "$T/p3.png" "$T/p1.png"

# ---- A certificate confirmed now records the current template ---------
tag=$$$RANDOM
# one_record TYPE NAME PHOTO: a plan of organisation 1 at institution 1
# with one passed student NAME (the demo holder's ID ciphertext, so the
# print copy decrypts it; PHOTO: SQL for the photo, NULL for none),
# generated by zcjy; prints the record's id.
one_record() {
	local plan sid
	plan=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
	    name, exam_date) VALUES (1, $1, 't0113 $2', CURDATE());
	    SELECT LAST_INSERT_ID()")
	sid=$(sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($plan, 1);
	    INSERT INTO student (institution_id, name, gender, id_cipher,
	    id_hmac, id_mask, photo) SELECT 1, '$2', '女', id_cipher,
	    UNHEX(SHA2('t0113 $2', 256)), id_mask,
	    $3 FROM student
	    WHERE id = (SELECT student_id FROM certificate WHERE id = $C);
	    SELECT LAST_INSERT_ID()")
	sql "INSERT INTO registration (plan_id, student_id, institution_id)
	    VALUES ($plan, $sid, 1);
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    VALUES ($plan, $sid, 1, '已通过', 90)"
	post z /certs/generate "$(page_token z /certs/generate)" "plan=$plan" > "$T/gen.st"
	sql "SELECT id FROM certificate WHERE plan_id = $plan"
}
R=$(one_record 2 "模板$tag" NULL)
is "generate: 303" "$(cat "$T/gen.st")" 303
# sign JAR: the party's signature of R by QR code and phone.
sign() {
	local req u
	post "$1" /certs/sign "$(page_token "$1" /certs)" "id=$R" >/dev/null
	req=$(location | sed -n 's#^.*/certs/sign/\([0-9]*\).*$#\1#p')
	get "$1" "/certs/sign/$req/qr.png" "$T/qr.png" >/dev/null
	u=$(zbarimg -q --raw "$T/qr.png" 2>/dev/null | tr -d '\r\n' | sed 's#^https\?://[^/]*##')
	rm -f "$T/ph"
	get ph "$u" "$T/ph.html" >/dev/null
	base64 -w0 "$T/line.png" > "$T/ph.b64"
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/ph" -c "$T/ph" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(csrf "$T/ph.html")" \
	    --data-urlencode "sig@$T/ph.b64" "$B$u"
}
is "the organisation signs (200)" "$(sign z)" 200
is "the principal confirms (200)" "$(sign p)" 200
is "confirmed" "$(sql "SELECT status FROM certificate WHERE id = $R")" confirmed
is "it records the current template (version $VN)" \
    "$(sql "SELECT template_id FROM certificate WHERE id = $R")" "$V2"
is "no image hash before its first render" \
    "$(sql "SELECT COUNT(*) FROM certificate_image WHERE certificate_id = $R")" 0
is "z: its print copy (200)" "$(get z "/certs/$R/certificate.png" "$T/r1.png")" 200
RN=$(sql "SELECT number FROM certificate WHERE id = $R")
is "zbarimg: its QR code leads to its verification" \
    "$(zbarimg -q --raw "$T/r1.png" 2>/dev/null | tr -d '\r\n')" \
    "$B/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $R")"
is "the first render stored its hash" \
    "$(sql "SELECT sha256 FROM certificate_image WHERE certificate_id = $R AND dpi = 300")" "$(sha "$T/r1.png")"
is "p: the same bytes (200)" "$(get p "/certs/$R/certificate.png" "$T/r2.png")/$(sha "$T/r2.png")" "200/$(sha "$T/r1.png")"
# A version 3 after its confirmation changes nothing of it.
is "admin saves version 3 (303)" "$(newtpl a "${LAY/date x=40/date x=44}" "note=t0113 v3 $$")" 303
is "its print copy after version 3: the same bytes" \
    "$(get z "/certs/$R/certificate.png" "$T/r3.png")/$(sha "$T/r3.png")" "200/$(sha "$T/r1.png")"

# ---- A template that requires a photo ---------------------------------
TY=$(sql "INSERT INTO certificate_type (organisation_id, name, level)
    VALUES (1, 't0113 照片$tag', '初级'); SELECT LAST_INSERT_ID()")
is "admin: a version for that type with a required photo (303)" \
    "$(newtpl a "${LAY/photo x=232 y=64 w=30 h=40 size=10/photo x=232 y=64 w=30 h=40 size=10 required=1}" "type=$TY")" 303
is "version 1 of that type" "$(sql "SELECT version FROM cert_template WHERE certificate_type_id = $TY")" 1
TV=$(sql "SELECT id FROM cert_template WHERE certificate_type_id = $TY")
get a "/certs/templates/new?from=$TV" >/dev/null
has "its form preselects the type" "$T/body" "<option value=\"$TY\" selected>"
has "and keeps the required photo" "$T/body" "required=1"
R2=$(one_record "$TY" "无照片$tag" NULL)
is "generate the photo type's plan: 303" "$(cat "$T/gen.st")" 303
get z "/certs/$R2" >/dev/null
has "the record says the photo is missing" "$T/body" "证书模板要求照片"
get z "/certs?plan=$(sql "SELECT plan_id FROM certificate WHERE id = $R2")" >/dev/null
has "so does its row in the list" "$T/body" "不能签发：证书模板要求照片"
post z /certs/sign "$(page_token z /certs)" "id=$R2" >/dev/null
has "signing is refused, with the reason" "$T/body" "证书模板要求照片"
is "no signing request made" "$(sql "SELECT COUNT(*) FROM signing_item WHERE certificate_id = $R2")" 0
is "still 培训评价组织待签发" "$(sql "SELECT status FROM certificate WHERE id = $R2")" org_pending
PHOTO=$(od -An -v -tx1 "$T/a4.png" | tr -d ' \n')
R3=$(one_record "$TY" "有照片$tag" "UNHEX('$PHOTO')")
is "a student with a photo, same type: generated (303)" "$(cat "$T/gen.st")" 303
get z "/certs/$R3" >/dev/null
hasnt "passes the preflight" "$T/body" "证书模板要求照片"
is "and may be signed (the organisation's QR code and phone: 200)" "$(R=$R3 sign z)" 200
is "now 考核站点待签发" "$(sql "SELECT status FROM certificate WHERE id = $R3")" site_pending

# ---- The print view ---------------------------------------------------
is "s: the print view of their certificate (200)" "$(get s "/certs/print?ids=$C")" 200
has "one page with the print copy" "$T/body" "/certs/$C/certificate.png"
has "the print stylesheet" "$T/body" "/static/app.css"
is "s: another student's certificate is left out (404)" "$(get s "/certs/print?ids=$O")" 404
is "s: a mixed selection (200)" "$(get s "/certs/print?ids=$C&ids=$O")" 200
has "prints their own" "$T/body" "/certs/$C/certificate.png"
hasnt "and leaves the other out" "$T/body" "/certs/$O/"
is "z: two certificates (200)" "$(get z "/certs/print?ids=$C&ids=$R")" 200
is "two pages" "$(grep -c 'class="printpage"' "$T/body")" 2
is "q: another institution's (404)" "$(get q "/certs/print?ids=$C")" 404
is "b: its institution's business admin prints it (200)" "$(get b "/certs/print?ids=$C")" 200
is "p: its principal too (200)" "$(get p "/certs/print?ids=$C")" 200
is "a: the platform admin prints none (404)" "$(get a "/certs/print?ids=$C")" 404
is "an unconfirmed record is not printed (404)" "$(get z "/certs/print?ids=$R2")" 404
is "a bad selection (404)" "$(get z "/certs/print?ids=x")" 404
is "101 at once: 400" "$(get z "/certs/print?$(seq -f 'ids=%g' -s '&' 1 101)")" 400
has "says the limit" "$T/body" "一次最多打印 100 份证书"
grep -q '@page cert { size: A4 landscape; margin: 0; }' "$XC_ROOT/nginx/static/app.css" &&
    ok "the stylesheet prints A4 landscape pages" || nok "the stylesheet prints A4 landscape pages"

done_testing
