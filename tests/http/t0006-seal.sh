#!/bin/bash
# t0006-seal.sh: electronic seals (签章): the PNG checks before decoding
# with their exact messages, nothing stored on refusal, clean-up and
# preview, consent and versions, who may see what, deletion of used
# versions, the organisation's seal and the assessment-site principal.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
IMG=$T/img
if $PY "$(dirname "$0")/mkpng.py" "$IMG"; then ok "mkpng.py writes the test images"
else nok "mkpng.py writes the test images"; fi

# png.py FILE: "W H CT A(0,0) A(w-1,0) A(0,h-1) A(w-1,h-1) X0 Y0 X1 Y1",
# the alphas of the corners and the bounding box of the pixels with
# alpha >= 128 (-1 when none).  8-bit RGB or RGBA, non-interlaced.
cat >"$T/png.py" <<'EOF'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
off, idat = 8, b""
while off < len(d):
    n, = struct.unpack(">I", d[off:off + 4])
    kind, body = d[off + 4:off + 8], d[off + 8:off + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ct, _, _, il = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    off += 12 + n
assert depth == 8 and il == 0 and ct in (2, 6), (depth, ct, il)
bpp = 4 if ct == 6 else 3
raw, stride = zlib.decompress(idat), w * bpp
prev, rows, p = bytearray(stride), [], 0
for y in range(h):
    f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
    p += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pr) & 255
        else: assert f == 0, f
    rows.append(line)
    prev = line
alpha = lambda x, y: rows[y][x * 4 + 3] if ct == 6 else 255
x0 = y0 = 10 ** 9; x1 = y1 = -1
for y in range(h):
    for x in range(w):
        if alpha(x, y) >= 128:
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
if x1 < 0: x0 = y0 = -1
print(w, h, ct, alpha(0, 0), alpha(w - 1, 0), alpha(0, h - 1),
      alpha(w - 1, h - 1), x0, y0, x1, y1)
EOF
# mp.py OUT TOKEN FILENAME-HEX PNG: a multipart body by hand, boundary XcSeal.
cat >"$T/mp.py" <<'EOF'
import sys
fn, png = bytes.fromhex(sys.argv[3]), open(sys.argv[4], "rb").read()
b = b"--XcSealBoundary7d3f"
open(sys.argv[1], "wb").write(
    b + b'\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' +
    sys.argv[2].encode() + b"\r\n" + b +
    b'\r\nContent-Disposition: form-data; name="seal"; filename="' + fn +
    b'"\r\nContent-Type: image/png\r\n\r\n' + png + b"\r\n" + b + b"--\r\n")
EOF

pnginfo() { $PY "$T/png.py" "$1" 2>&1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# like DESC VALUE ERE: ok when VALUE matches the extended regexp.
like() { if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else nok "$1"; echo "#   '$2' !~ /$3/"; fi; }
# counts: rows of seal, seal_upload and seal.* audit entries.
counts() { sql "SELECT CONCAT((SELECT COUNT(*) FROM seal), '/', (SELECT COUNT(*) FROM seal_upload), '/', (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'seal.%'))"; }
# upload JAR BASE FILE: multipart POST to BASE/upload; prints the status.
upload() {
	local tok
	tok=$(page_token "$1" "$2")
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" -F "_csrf=$tok" -F "seal=@$3;type=image/png" "$B$2/upload"
}
# upload_raw JAR FILENAME-HEX FILE: hand-built multipart to /inst/seal/upload.
upload_raw() {
	$PY "$T/mp.py" "$T/mp.bin" "$(page_token "$1" /inst/seal)" "$2" "$3"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" -H "Content-Type: multipart/form-data; boundary=XcSealBoundary7d3f" \
	    --data-binary @"$T/mp.bin" "$B/inst/seal/upload"
}
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
upload_id() { location | sed -n 's,^.*/upload/\([0-9][0-9]*\)?ok=uploaded$,\1,p'; }
alert() { has "$1" "$T/body" "role=\"alert\">$2</div>"; }

login a p21020000000000000000 >/dev/null
pid=$(sql "SELECT id FROM account WHERE login = 'p21020000000000000000'")
is "the principal sees the seal page" "$(get a /inst/seal)" 200
has "the principal's section" "$T/body" "考核站点负责人签名章"
has "the upload form is multipart" "$T/body" 'action="/inst/seal/upload" enctype="multipart/form-data"'

# 1. Every refused file: 400, the rule's own message, nothing stored.
bad() {	# FILE MESSAGE
	local before code
	before=$(counts)
	code=$(upload a /inst/seal "$IMG/$1")
	is "$1 is refused (400)" "$code" 400
	alert "$1: message names the rule" "$2"
	is "$1: seal, seal_upload and audit unchanged" "$(counts)" "$before"
}
bad empty.png "文件为空，请选择签章图片（PNG格式）。"
bad toobig.png "文件大小不能超过1MB。"
bad notpng.txt "签章图片必须是PNG格式。"
bad seal.jpg "签章图片必须是PNG格式，上传的文件是JPEG图片。"
bad seal.gif "签章图片必须是PNG格式，上传的文件是GIF图片。"
bad seal.svg "签章图片必须是PNG格式，不支持SVG矢量图。"
bad truncated.png "PNG文件不完整（可能在传输中被截断），请重新导出后上传。"
bad badcrc.png "PNG文件已损坏（数据校验失败），请重新导出后上传。"
bad huge.png "图片尺寸不能超过2000×2000像素。"
bad nonsquare.png "签章图片必须是正方形（宽高相同）。当前图片为300×95像素。"
bad off.png "签章图片必须是正方形（宽高相同）。当前图片为200×190像素。"
bad apng.png "不支持动态PNG（APNG），请上传静态图片。"
bad white.png "图片中没有检测到签章内容。"
bad photo.png "签章图片应为白色（纯色）背景，请去除背景中的杂物后上传。"
is "toobig.png is exactly 1 MiB + 1 byte" "$(stat -c %s "$IMG/toobig.png")" 1048577
check "huge.png is well under 1 MB" test "$(stat -c %s "$IMG/huge.png")" -lt 10000
# A form without the file part at all.
before=$(counts)
tok=$(page_token a /inst/seal)
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" -F "_csrf=$tok" -F "other=x" "$B/inst/seal/upload")
is "upload without a file part is 400" "$code" 400
alert "missing file: message" "文件为空，请选择签章图片（PNG格式）。"
is "missing file: nothing stored" "$(counts)" "$before"
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/a" -H "Origin: $B" -F "seal=@$IMG/good.png" "$B/inst/seal/upload")
is "upload without the CSRF token is 403" "$code" 403
is "403 upload stored nothing" "$(counts)" "$before"
is "the responder still serves after the refused files" "$(get a /inst/seal)" 200

# 2. Filenames: only the sanitised last component is kept.
before=$(counts)
code=$(upload_raw a "$(hex '../../etc/passwd.png')" "$IMG/good.png")
is "filename with ../ is accepted" "$code" 303
n=$(upload_id)
is "stored as its basename" "$(sql "SELECT filename FROM seal_upload WHERE id = '$n'")" passwd.png
code=$(upload_raw a "$(hex '..\..\windows\seal.png')" "$IMG/good.png")
is "filename with ..\\ is accepted" "$code" 303
is "backslash paths are cut too" "$(sql "SELECT filename FROM seal_upload WHERE id = '$(upload_id)'")" seal.png
code=$(upload_raw a "2e2e" "$IMG/good.png")
is "filename '..' is accepted" "$code" 303
is "'..' is stored as upload" "$(sql "SELECT filename FROM seal_upload WHERE id = '$(upload_id)'")" upload
code=$(upload_raw a "$(hex 'a')01$(hex 'b')7f$(hex 'c.png')" "$IMG/good.png")
is "filename with control characters is accepted" "$code" 303
is "control characters are dropped" "$(sql "SELECT HEX(filename) FROM seal_upload WHERE id = '$(upload_id)'")" "$(hex abc.png | tr a-f A-F)"
code=$(upload_raw a "$(hex '<img src=x onerror=alert(1)>.png')" "$IMG/good.png")
is "filename with markup is accepted" "$code" 303
n=$(upload_id)
get a "/inst/seal/upload/$n" >/dev/null
hasnt "the filename is not rendered raw" "$T/body" "<img src=x onerror"
has "the filename is escaped" "$T/body" "&lt;img src=x onerror=alert(1)&gt;.png"
# A NUL byte in the part header: the form parser refuses the whole body.
before=$(counts)
code=$(upload_raw a "$(hex '../../etc/passwd')00$(hex '.png')" "$IMG/good.png")
is "filename with a NUL byte: the multipart body is refused (400)" "$code" 400
has "with the generic bad-request page" "$T/body" "请求格式不正确"
is "NUL filename: nothing stored" "$(counts)" "$before"
n=$(sql "SELECT COUNT(*) FROM seal_upload WHERE filename LIKE '%/%' OR filename LIKE '%..%' OR LOCATE(CHAR(0), filename) > 0 OR filename LIKE '%passwd%.png%' AND filename <> 'passwd.png'")
is "no stored filename has a path, '..' or NUL" "$n" 0
# A long Chinese filename: 67 × 签 + .png = 205 bytes, cut to 200 bytes.
long=$(printf '签%.0s' $(seq 67)).png
code=$(upload_raw a "$(hex "$long")" "$IMG/good.png")
is "a 67-character Chinese filename is accepted (303)" "$code" 303
n=$(upload_id)
like "and stored as a valid prefix" "$(sql "SELECT filename FROM seal_upload WHERE id = '${n:-0}'")" '^(签){60,}'
# A filename that is not UTF-8 (签章.png in GBK, as old Chinese clients send).
code=$(upload_raw a "$($PY -c 'print("签章.png".encode("gbk").hex())')" "$IMG/good.png")
like "a GBK-encoded filename does not give a server error (303 or 400)" "$code" '^(303|400)$'
is "the responder still serves after the filename tests" "$(get a /inst/seal)" 200

# 3. Acceptance: a good seal, its preview, the images.
before_aud=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'seal.upload'")
code=$(upload a /inst/seal "$IMG/good.png")
is "good seal is accepted (303)" "$code" 303
like "to its preview page, confirming (ok=uploaded)" "$(location)" '^/inst/seal/upload/[0-9]+[?]ok=uploaded$'
N=$(upload_id)
is "upload row: owner, uploader, size, filename" \
    "$(sql "SELECT CONCAT_WS(',', owner_type, owner_id, account_id, width, height, filename) FROM seal_upload WHERE id = '$N'")" \
    "institution,1,$pid,300,300,good.png"
is "upload audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'seal.upload'")" $((before_aud + 1))
is "preview page" "$(get a "/inst/seal/upload/$N")" 200
has "shows the original" "$T/body" "src=\"/inst/seal/upload/$N/original.png\""
has "shows the cleaned seal" "$T/body" "src=\"/inst/seal/upload/$N/cleaned.png\""
has "shows the certificate with the cleaned seal" "$T/body" "src=\"/inst/seal/upload/$N/preview-cleaned.png\""
has "shows the certificate with the original" "$T/body" "src=\"/inst/seal/upload/$N/preview-original.png\""
has "names the file and size" "$T/body" "上传文件：good.png（300×300 像素）"
has "carries the letter version" "$T/body" 'name="letter" value="1"'
has "shows the letter" "$T/body" "《电子签名章使用授权委托书》（第 1 版）"
for p in original.png cleaned.png preview-cleaned.png preview-original.png; do
	is "$p answers 200" "$(headers a "/inst/seal/upload/$N/$p")" 200
	has "$p is image/png" "$T/hdr" "Content-Type: image/png"
	has "$p has nosniff" "$T/hdr" "X-Content-Type-Options: nosniff"
	has "$p is not cached" "$T/hdr" "Cache-Control: no-store"
	cp "$T/body" "$T/$p"
	like "$p is a PNG" "$(head -c 8 "$T/$p" | od -An -tx1 | tr -d ' \n')" '^89504e470d0a1a0a$'
done
read -r w h ct a00 a10 a01 a11 x0 y0 x1 y1 <<<"$(pnginfo "$T/cleaned.png")"
is "cleaned.png is 400x400 RGBA" "$w $h $ct" "400 400 6"
is "cleaned.png corners are transparent" "$a00 $a10 $a01 $a11" "0 0 0 0"
check "the seal is centred horizontally (within 3 px)" test $(( (x0 - (w - 1 - x1)) ** 2 )) -le 9
check "the seal is centred vertically (within 3 px)" test $(( (y0 - (h - 1 - y1)) ** 2 )) -le 9
like "the seal fills ~92% of the canvas ($((x1 - x0 + 1))×$((y1 - y0 + 1)))" "$((x1 - x0 + 1)) $((y1 - y0 + 1))" '^36[0-9] 36[0-9]$|^37[0-2] 37[0-2]$'
is "original.png is the re-encoded 300x300 seal" "$(pnginfo "$T/original.png" | cut -d' ' -f1-2)" "300 300"
is "the preview is a 150 dpi A4 landscape page" "$(pnginfo "$T/preview-cleaned.png" | cut -d' ' -f1-2)" "1754 1240"
clean_sha=$(sha "$T/cleaned.png")

# 4. Saving: the 考核站点负责人 first, consent to the current letter,
# versions, audit.
sql "UPDATE institution SET site_principal_name = NULL, site_principal_title = NULL WHERE id = 1"
before=$(counts)
tok=$(page_token a "/inst/seal/upload/$N")
has "the preview asks for the site principal first" "$T/tok.html" '<a href="/inst/seal#principal">去填写考核站点负责人</a>'
has "and its save button is disabled" "$T/tok.html" '<button type="submit" class="btn primary" disabled>保存签章</button>'
is "saving before the site principal is filled in is 409" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1 consent=1)" 409
alert "the site principal message" "请先填写考核站点负责人的姓名和职务，再保存签章"
has "with a link to where it is filled in" "$T/body" 'href="/inst/seal#principal"'
get a /inst/seal >/dev/null
has "the form it links to is there" "$T/body" '<section class="card" id="principal">'
sql "UPDATE institution SET site_principal_name = '陈校长' WHERE id = 1"
is "a name without a title is still 409" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1 consent=1)" 409
is "nothing saved without a site principal" "$(counts)" "$before"
is "the site principal is filled in (303)" "$(post a /inst/principal "$tok" name=陈校长 title=校长)" 303
is "with the confirmation 已保存" "$(location)" "/inst/seal?ok=saved"
get a "/inst/seal?ok=saved" >/dev/null
has "the page confirms it in a status bar" "$T/body" '<div class="flash" role="status">已保存。</div>'
before=$(counts)
tok=$(page_token a "/inst/seal/upload/$N")
hasnt "the preview no longer asks for it" "$T/tok.html" "去填写考核站点负责人"
is "saving without consent is 400" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1)" 400
alert "the letter message" "请阅读并勾选《电子签名章使用授权委托书》后再保存"
has "the preview is shown again" "$T/body" "src=\"/inst/seal/upload/$N/cleaned.png\""
is "nothing saved without consent" "$(counts)" "$before"
is "consent=0 is 400" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1 consent=0)" 400
is "saving with a stale letter version is 409" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=99 consent=1)" 409
alert "the stale letter message" "授权委托书已更新，请重新阅读后再勾选"
is "saving without the letter version is 409" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned consent=1)" 409
is "an unknown variant is 400" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=both letter=1 consent=1)" 400
alert "the variant message" "请选择要使用的签章图片（原图或自动处理后）"
is "nothing saved by the refused saves" "$(counts)" "$before"
V=$(sql "SELECT IFNULL(MAX(version), 0) + 1 FROM seal WHERE owner_type = 'institution' AND owner_id = 1")
is "saving with consent is 303" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1 consent=1)" 303
is "back to the seal page with the confirmation" "$(location)" "/inst/seal?ok=seal"
S1=$(sql "SELECT id FROM seal WHERE owner_type = 'institution' AND owner_id = 1 AND version = $V")
check "a seal row with version $V" test -n "$S1"
is "seal row: variant, letter, consenting account, size" \
    "$(sql "SELECT CONCAT_WS(',', variant, letter_version, consent_account_id, width, height, consent_ip <> '') FROM seal WHERE id = '${S1:-0}'")" \
    "cleaned,1,$pid,400,400,1"
is "v/ID.png answers 200" "$(headers a "/inst/seal/v/$S1.png")" 200
has "v/ID.png is image/png" "$T/hdr" "Content-Type: image/png"
has "v/ID.png has nosniff" "$T/hdr" "X-Content-Type-Options: nosniff"
has "v/ID.png is not cached" "$T/hdr" "Cache-Control: no-store"
s1_sha=$(sha "$T/body")
is "sha256 column is the SHA-256 of the served bytes" "$(sql "SELECT sha256 FROM seal WHERE id = '$S1'")" "$s1_sha"
is "the saved bytes are the cleaned seal of the preview" "$s1_sha" "$clean_sha"
is "the consent is audited with the seal's SHA-256" \
    "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'seal.save' AND object_type = 'seal' AND object_id = '$S1' AND account_id = $pid AND detail LIKE '%sha256=$s1_sha%' AND detail LIKE '%letter=1%'")" 1
is "the upload row is gone" "$(sql "SELECT COUNT(*) FROM seal_upload WHERE id = '$N'")" 0
is "the upload's images are gone too" "$(get a "/inst/seal/upload/$N/cleaned.png")" 404
is "saving the same upload twice is 404" "$(post a "/inst/seal/upload/$N/save" "$tok" variant=cleaned letter=1 consent=1)" 404
is "only one version was made" "$(sql "SELECT COUNT(*) FROM seal WHERE owner_type = 'institution' AND owner_id = 1 AND version >= $V")" 1
is "the seal page after saving" "$(get a "/inst/seal?ok=seal")" 200
has "confirms the save in a status bar" "$T/body" '<div class="flash" role="status">签章已保存，确认签发证书时将使用当前版本。</div>'
get a "/inst/seal?ok=%3Cb%3Ex" >/dev/null
hasnt "an unknown ok= key shows no bar" "$T/body" 'class="flash"'
hasnt "nor the key itself" "$T/body" '&lt;b&gt;x'
get a /inst/seal >/dev/null
has "the current seal links to its preview page" "$T/body" "<a href=\"/inst/seal/v/$S1/preview\">查看加盖在证书上的效果</a>"
is "the preview page answers 200" "$(headers a "/inst/seal/v/$S1/preview")" 200
has "it is an HTML page" "$T/hdr" "Content-Type: text/html"
has "showing the certificate image" "$T/body" "<img src=\"/inst/seal/v/$S1/preview.png\""
hasnt "with no inline style" "$T/body" "style="
hasnt "and no inline script" "$T/body" "<script"
is "another institution's principal gets 404 on it" "$(login x p11010000000000000031 >/dev/null; get x "/inst/seal/v/$S1/preview")" 404
get a /inst/seal >/dev/null
has "the current seal" "$T/body" "当前签章：第 $V 版</b>（自动处理后）"
is "v/ID/preview.png answers 200" "$(headers a "/inst/seal/v/$S1/preview.png")" 200
has "v/ID/preview.png is image/png" "$T/hdr" "Content-Type: image/png"

# A second save, of the original this time: version V+1, now current.
code=$(upload a /inst/seal "$IMG/rgb.png")
is "RGB seal is accepted (303)" "$code" 303
N2=$(upload_id)
get a "/inst/seal/upload/$N2/original.png" "$T/orig2.png" >/dev/null
tok=$(page_token a "/inst/seal/upload/$N2")
is "second save is 303" "$(post a "/inst/seal/upload/$N2/save" "$tok" variant=original letter=1 consent=1)" 303
is "back with the confirmation" "$(location)" "/inst/seal?ok=seal"
S2=$(sql "SELECT id FROM seal WHERE owner_type = 'institution' AND owner_id = 1 AND version = $((V + 1))")
is "the second version is the original" "$(sql "SELECT CONCAT_WS(',', variant, width, height) FROM seal WHERE id = '${S2:-0}'")" "original,300,300"
get a "/inst/seal/v/$S2.png" "$T/s2.png" >/dev/null
is "its bytes are the previewed original" "$(sha "$T/s2.png")" "$(sha "$T/orig2.png")"
is "its sha256 column matches" "$(sql "SELECT sha256 FROM seal WHERE id = '$S2'")" "$(sha "$T/s2.png")"
get a /inst/seal >/dev/null
has "the page shows version $((V + 1)) as current" "$T/body" "第 $((V + 1)) 版 <span class=\"tag ok\">当前</span>"
has "in the header too" "$T/body" "当前签章：第 $((V + 1)) 版</b>（原图）"
hasnt "version $V is no longer marked current" "$T/body" "第 $V 版 <span class=\"tag ok\">当前</span>"
has "version $V is still listed" "$T/body" "src=\"/inst/seal/v/$S1.png\""

# 5. Other accepted inputs; each cleaned seal is 400x400, transparent corners.
for f in transparent.png grey.png palette.png small.png near.png bigtext.png; do
	code=$(upload a /inst/seal "$IMG/$f")
	is "$f is accepted (303)" "$code" 303
	n=$(upload_id)
	get a "/inst/seal/upload/${n:-0}/cleaned.png" "$T/c.png" >/dev/null
	read -r w h ct a00 a10 a01 a11 x0 y0 x1 y1 <<<"$(pnginfo "$T/c.png")"
	is "$f: cleaned 400x400 with transparent corners" "$w $h $a00 $a10 $a01 $a11" "400 400 0 0 0 0"
	like "$f: cleaned keeps the seal, centred and ~92% wide (at $x0,$y0, $((x1 - x0 + 1))×$((y1 - y0 + 1)))" \
	    "$x0 $y0 $((x1 - x0 + 1)) $((y1 - y0 + 1))" '^1[3-9] 1[3-9] 3(6[4-9]|7[0-2]) 3(6[4-9]|7[0-2])$'
	[ "$f" = bigtext.png ] && get a "/inst/seal/upload/${n:-0}/original.png" "$T/o.png" >/dev/null
done
check "bigtext.png was over 850 KB" test "$(stat -c %s "$IMG/bigtext.png")" -gt 850000
check "its re-encoded original is small" test "$(stat -c %s "$T/o.png")" -lt 100000
hasnt "its text chunks are stripped" "$T/o.png" "tEXt"
hasnt "its marker text is gone" "$T/o.png" "SEALTEXT-MARKER"
is "200x196 upload keeps its size" "$(sql "SELECT CONCAT(width, 'x', height) FROM seal_upload WHERE filename = 'near.png' ORDER BY id DESC LIMIT 1")" 200x196

# 6. Who may see the principal's seal: everyone else gets 404.
code=$(upload a /inst/seal "$IMG/good.png")
P=$(upload_id)	# a pending upload
login z biz2102 >/dev/null
login b p11010000000000000031 >/dev/null
login o zcjy >/dev/null
login s 610114200103061011 >/dev/null
urls="/inst/seal /inst/seal/v/$S1.png /inst/seal/v/$S1/preview.png /inst/seal/upload/$P /inst/seal/upload/$P/original.png /inst/seal/upload/$P/cleaned.png /inst/seal/upload/$P/preview-cleaned.png"
for u in $urls; do
	is "business admin of the same institution: $u is 404" "$(get z "$u")" 404
	is "student: $u is 404" "$(get s "$u")" 404
	is "organisation staff: $u is 404" "$(get o "$u")" 404
	is "anonymous: $u goes to the login page" "$(headers anon "$u")" 303
	like "anonymous: $u redirect target" "$(location)" '^/login'
done
login adm admin >/dev/null
for u in /inst/seal /org/seal "/inst/seal/v/$S1.png" "/org/seal/v/$S1.png" "/inst/seal/upload/$P/cleaned.png"; do
	is "platform admin: $u is 404" "$(get adm "$u")" 404
done
get a / >/dev/null
has "the principal's menu links the seal page" "$T/body" '<a href="/inst/seal">电子签章'
get z / >/dev/null
hasnt "the business admin's menu does not" "$T/body" 'href="/inst/seal"'
get o / >/dev/null
has "the organisation's menu links its own seal page" "$T/body" '<a href="/org/seal">颁证机构签章'
hasnt "and not the institution's" "$T/body" 'href="/inst/seal"'
is "other institution's principal sees its own seal page" "$(get b /inst/seal)" 200
hasnt "without the other institution's seal" "$T/body" "/inst/seal/v/$S1.png"
has "it has none" "$T/body" "尚未上传签章"
for u in "/inst/seal/v/$S1.png" "/inst/seal/v/$S2.png" "/inst/seal/v/$S1/preview.png" "/inst/seal/upload/$P" "/inst/seal/upload/$P/original.png" "/inst/seal/upload/$P/cleaned.png" "/inst/seal/upload/$P/preview-original.png"; do
	is "other institution's principal: $u is 404" "$(get b "$u")" 404
done
for u in "/org/seal/v/$S1.png" "/org/seal/upload/$P" "/org/seal/upload/$P/original.png"; do
	is "organisation staff via /org: $u is 404" "$(get o "$u")" 404
done
before=$(counts)
tok=$(page_token b /inst/seal)
is "other principal cannot save A's upload" "$(post b "/inst/seal/upload/$P/save" "$tok" variant=cleaned letter=1 consent=1)" 404
is "other principal cannot delete A's seal" "$(post b "/inst/seal/v/$S2/delete" "$tok")" 404
tok=$(page_token z /certs)
is "business admin cannot upload" "$(upload z /inst/seal "$IMG/good.png")" 404
is "business admin cannot save" "$(post z "/inst/seal/upload/$P/save" "$tok" variant=cleaned letter=1 consent=1)" 404
is "business admin cannot delete" "$(post z "/inst/seal/v/$S2/delete" "$tok")" 404
is "nothing changed by the refused requests" "$(counts)" "$before"

# 7. Deleting: a version a certificate used stays; an unused one goes.
cert=$(sql "SELECT id FROM certificate WHERE institution_id = 1 AND status = 'site_pending' ORDER BY id LIMIT 1")
sql "UPDATE certificate SET site_seal_id = $S1 WHERE id = $cert"
get a /inst/seal >/dev/null
hasnt "no delete button for the used version" "$T/body" "action=\"/inst/seal/v/$S1/delete\""
has "a delete button for the unused version" "$T/body" "action=\"/inst/seal/v/$S2/delete\""
tok=$(page_token a /inst/seal)
is "deleting a used version is 409" "$(post a "/inst/seal/v/$S1/delete" "$tok")" 409
alert "the used-version message" "该版本签章已用于证书，不能删除"
is "the used version still exists" "$(sql "SELECT COUNT(*) FROM seal WHERE id = $S1")" 1
is "deleting an unused version is 303" "$(post a "/inst/seal/v/$S2/delete" "$tok")" 303
is "back to the seal page, confirming (ok=deleted)" "$(location)" "/inst/seal?ok=deleted"
is "the unused version is gone" "$(sql "SELECT COUNT(*) FROM seal WHERE id = $S2")" 0
is "its image is gone" "$(get a "/inst/seal/v/$S2.png")" 404
is "deleting it again is 404" "$(post a "/inst/seal/v/$S2/delete" "$tok")" 404
is "the deletion is audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'seal.delete' AND object_id = $S2")" 1
get a /inst/seal >/dev/null
has "version $V is current again" "$T/body" "当前签章：第 $V 版</b>"
sql "UPDATE certificate SET site_seal_id = NULL WHERE id = $cert"

# An upload older than a day is gone, and purged by the next upload.
sql "UPDATE seal_upload SET created_at = NOW() - INTERVAL 25 HOUR WHERE id = $P"
is "a day-old upload is 404" "$(get a "/inst/seal/upload/$P")" 404
upload a /inst/seal "$IMG/small.png" >/dev/null
is "and purged by the next upload" "$(sql "SELECT COUNT(*) FROM seal_upload WHERE id = $P")" 0

# 8. The organisation's seal, at /org/seal, for its staff only.
oid=$(sql "SELECT organisation_id FROM account WHERE login = 'zcjy'")
zid=$(sql "SELECT id FROM account WHERE login = 'zcjy'")
is "organisation seal page" "$(get o /org/seal)" 200
has "titled for the organisation" "$T/body" "颁证机构签章"
hasnt "without the site principal form" "$T/body" 'action="/inst/principal"'
code=$(upload o /org/seal "$IMG/good.png")
is "organisation uploads (303)" "$code" 303
like "to its own preview" "$(location)" '^/org/seal/upload/[0-9]+[?]ok=uploaded$'
ON=$(upload_id)
is "organisation preview page" "$(get o "/org/seal/upload/$ON")" 200
has "with /org image URLs" "$T/body" "src=\"/org/seal/upload/$ON/cleaned.png\""
is "the principal cannot see the organisation's upload" "$(get a "/inst/seal/upload/$ON")" 404
tok=$(page_token o "/org/seal/upload/$ON")
is "organisation saves (303)" "$(post o "/org/seal/upload/$ON/save" "$tok" variant=cleaned letter=1 consent=1)" 303
is "back with the confirmation" "$(location)" '/org/seal?ok=seal'
OS=$(sql "SELECT id FROM seal WHERE owner_type = 'organisation' AND owner_id = $oid ORDER BY version DESC LIMIT 1")
is "seal row belongs to the organisation" "$(sql "SELECT CONCAT_WS(',', owner_type, owner_id, consent_account_id) FROM seal WHERE id = '${OS:-0}'")" "organisation,$oid,$zid"
is "organisation sees its seal image" "$(get o "/org/seal/v/$OS.png")" 200
is "the principal gets 404 on /org/seal" "$(get a /org/seal)" 404
is "the principal gets 404 on the organisation's image" "$(get a "/org/seal/v/$OS.png")" 404
is "nor via /inst/seal" "$(get a "/inst/seal/v/$OS.png")" 404
login h hxzz >/dev/null
is "another organisation gets 404 on it" "$(get h "/org/seal/v/$OS.png")" 404
is "the organisation cannot see the institution's seal via /org" "$(get o "/org/seal/v/$S1.png")" 404

# 9. The assessment-site principal: 副校长 or above.
tok=$(page_token a /inst/seal)
is "set the site principal (303)" "$(post a /inst/principal "$tok" name=王副校长 title=副校长)" 303
is "back to the seal page, confirming (ok=saved)" "$(location)" "/inst/seal?ok=saved"
is "stored" "$(sql "SELECT CONCAT_WS(',', site_principal_name, site_principal_title) FROM institution WHERE id = 1")" "王副校长,副校长"
is "audited" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'institution.site_principal' AND object_id = 1 AND detail = '副校长'")" 1
get a /inst/seal >/dev/null
has "the form shows the name" "$T/body" 'value="王副校长"'
has "and the title selected" "$T/body" "<option selected>副校长</option>"
is "title 主任 is refused (400)" "$(post a /inst/principal "$tok" name=李主任 title=主任)" 400
alert "the title message" "考核站点负责人须由副校长及以上职位担任，请从列表中选择职务"
is "a one-character name is refused (400)" "$(post a /inst/principal "$tok" name=王 title=校长)" 400
alert "the name message" "考核站点负责人姓名应为2至30个字符"
is "a missing title is refused (400)" "$(post a /inst/principal "$tok" name=李校长)" 400
is "the stored principal is unchanged" "$(sql "SELECT CONCAT_WS(',', site_principal_name, site_principal_title) FROM institution WHERE id = 1")" "王副校长,副校长"
tok=$(page_token z /certs)
is "the business admin cannot set it" "$(post z /inst/principal "$tok" name=张敏 title=校长)" 404
is "still unchanged" "$(sql "SELECT site_principal_title FROM institution WHERE id = 1")" 副校长

is "the responder keeps serving at the end" "$(get a /inst/seal)" 200
done_testing
