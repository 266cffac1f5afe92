#!/bin/bash
# t0097-download.sh: one confirmed certificate downloaded as PNG and as a
# signed PDF (issue 10) by its organisation, its institution and its
# holder; checked by qpdf, poppler's pdfsig and pdfinfo, and zbarimg for
# the QR code; everyone else and an unconfirmed certificate get 404; the
# seals drawn are the ones the certificate was confirmed with.
. "$(dirname "$0")/lib.sh"

N=15600031012020000000016
C=$(sql "SELECT id FROM certificate WHERE number = '$N'")
I2=$(sql "SELECT id FROM institution WHERE code = '11010000000000000031'")
is "(the demo certificate $N is confirmed)" \
    "$(sql "SELECT status FROM certificate WHERE id = $C")" confirmed
# An unconfirmed one: …456 while it awaits the site, else any other.
U=$(sql "SELECT id FROM certificate WHERE status <> 'confirmed'
    AND institution_id = (SELECT institution_id FROM certificate WHERE id = $C)
    ORDER BY number <> '15600031012020000000456', id LIMIT 1")
# Another certificate of the same institution, not the demo student's.
O=$(sql "SELECT id FROM certificate WHERE status = 'confirmed' AND id <> $C
    AND student_id <> (SELECT student_id FROM certificate WHERE id = $C)
    AND institution_id = (SELECT institution_id FROM certificate WHERE id = $C)
    LIMIT 1")
# hxzz's own confirmed certificate.
H=$(sql "SELECT id FROM certificate WHERE status = 'confirmed'
    AND institution_id = $I2 LIMIT 1")

is "zcjy logs in" "$(login z zcjy)" 303
is "the principal of 21020000000000000000 logs in" "$(login p p21020000000000000000)" 303
is "the demo student 王思远 logs in with his ID number" "$(login s 610113200204152012)" 303
is "another institution's principal logs in" "$(login q p11010000000000000031)" 303
is "hxzz logs in" "$(login h hxzz)" 303
is "the platform admin logs in" "$(login a admin)" 303

# pdfcheck WHO: the signed PDF as WHO, checked by real PDF tools.
pdfcheck() {
	local f=$T/$1.pdf
	is "$1: the PDF (200)" "$(headers "$1" "/certs/$C/certificate.pdf")" 200
	cp "$T/body" "$f"
	has "$1: application/pdf" "$T/hdr" "Content-Type: application/pdf"
	has "$1: a download named by the number" "$T/hdr" \
	    "Content-Disposition: attachment; filename=\"$N.pdf\""
	has "$1: cached privately only" "$T/hdr" "Cache-Control: private"
	check "$1: qpdf --check passes" qpdf --check "$f"
	pdfsig "$f" >"$T/$1.sig" 2>&1
	has "$1: pdfsig: Signature is Valid" "$T/$1.sig" "Signature is Valid"
	has "$1: pdfsig: Total document signed" "$T/$1.sig" "Total document signed"
	pdfinfo "$f" >"$T/$1.info" 2>&1
	has "$1: exactly A4 landscape" "$T/$1.info" "841.89 x 595.28 pts"
}
pdfcheck z
pdfcheck p
pdfcheck s
has "signed by the platform" "$T/z.sig" "职业技能等级证书信息管理服务平台"
has "a PAdES signature" "$T/z.sig" "ETSI.CAdES.detached"

# One byte changed in the middle of the file: no longer valid.
f=$T/z.pdf
n=$(stat -c %s "$f")
cp "$f" "$T/bad.pdf"
b=$(od -An -tu1 -j $((n / 2)) -N1 "$f" | tr -d ' ')
printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
    dd of="$T/bad.pdf" bs=1 seek=$((n / 2)) conv=notrunc status=none
check "(one byte differs)" bash -c "! cmp -s '$f' '$T/bad.pdf'"
pdfsig "$T/bad.pdf" >"$T/bad.sig" 2>&1
hasnt "a changed byte: pdfsig no longer says valid" "$T/bad.sig" "Signature is Valid"

# The PNG: the print copy (300 dpi; issue 10), with the QR code of its
# own verification URL.
for w in z p s; do
	is "$w: the PNG (200)" "$(headers "$w" "/certs/$C/certificate.png")" 200
	has "$w: image/png" "$T/hdr" "Content-Type: image/png"
	has "$w: named by the number" "$T/hdr" \
	    "Content-Disposition: attachment; filename=\"$N.png\""
done
cp "$T/body" "$T/s.png"
is "the print copy, 300 dpi: 3508 x 2480" "$(/usr/bin/python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print("%d x %d" % struct.unpack(">II", d[16:24]))' "$T/s.png")" "3508 x 2480"
is "zbarimg reads the certificate's signed verification URL" \
    "$(zbarimg -q --raw "$T/s.png" 2>/dev/null | tr -d '\r\n')" \
    "$B/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $C")"
is "the PDF holds the 300 dpi image" \
    "$(pdfimages -list "$T/z.pdf" 2>/dev/null | awk 'NR == 3 { print $4 "x" $5 }')" "3508x2480"

# Everyone else: 404, for both; an unconfirmed certificate: no download.
for w in q h a; do
	for e in pdf png; do
		is "$w: $N.$e is not theirs (404)" "$(get "$w" "/certs/$C/certificate.$e")" 404
	done
done
is "the student: another student's certificate (404)" "$(get s "/certs/$O/certificate.pdf")" 404
is "zcjy: hxzz's certificate (404)" "$(get z "/certs/$H/certificate.pdf")" 404
is "hxzz: its own certificate (200)" "$(get h "/certs/$H/certificate.png")" 200
for w in z p; do
	for e in pdf png; do
		is "$w: an unconfirmed certificate has no .$e (404)" \
		    "$(get "$w" "/certs/$U/certificate.$e")" 404
	done
done
is "no such certificate (404)" "$(get z /certs/999999999/certificate.pdf)" 404
rm -f "$T/anon"
is "anonymous: to the login (303)" "$(headers anon "/certs/$C/certificate.pdf")" 303
check "(to /login)" bash -c "sed -n 's/^Location: //Ip' '$T/hdr' | grep -q '/login'"

# Frozen: a new organisation seal changes the preview, never the issued copy.
get z "/certs/$C/certificate.png" "$T/before.png" >/dev/null
get z "/certs/$C/preview.png" "$T/pv-before.png" >/dev/null
NS=$(org_seal_bump "$C")
get z "/certs/$C/certificate.png" "$T/after.png" >/dev/null
get z "/certs/$C/preview.png" "$T/pv-after.png" >/dev/null
check "(the preview draws the new current seal)" bash -c "! cmp -s '$T/pv-before.png' '$T/pv-after.png'"
check "the issued certificate keeps the seal it was confirmed with" cmp -s "$T/before.png" "$T/after.png"
sql "DELETE FROM seal WHERE id = $NS"

# 我的证书 offers the holder both downloads of each confirmed certificate,
# and none of the others.
is "我的证书 opens" "$(get s /certs/mine)" 200
has "it links the PDF of the confirmed certificate" "$T/body" "href=\"/certs/$C/certificate.pdf\""
has "and its PNG" "$T/body" "href=\"/certs/$C/certificate.png\""
login m 610114200103061011 >/dev/null
get m /certs/mine >/dev/null
is "朱鹏飞's page links as many PDFs as he has confirmed certificates" \
    "$(grep -o 'certificate.pdf' "$T/body" | wc -l)" \
    "$(sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id JOIN account a ON a.id = s.account_id WHERE a.login = LOWER(HEX(s.id_hmac)) AND s.id_mask = '610114*****1011' AND c.status = 'confirmed'")"

done_testing
