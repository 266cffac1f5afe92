#!/bin/bash
# t0173-verify-thumb.sh: the verification result's watermarked thumbnail
# (issue 12): its capability URL is given only on a successful result
# (lookup, signed QR code, share code), a wrong HMAC, another id or an
# expired day is 404, nginx caches it, and the served image carries the
# watermark: 已撤销 in red across a revoked certificate (pixels decoded
# by pngpix.py), none across a valid one.
. "$(dirname "$0")/lib.sh"
NUM=15600031012020000000016	# 王思远's confirmed certificate
IDNO=610113200204152012
PIX=$(dirname "$0")/pngpix.py
clear_verify
thumb() { grep -o '/certs/thumb/[0-9]*/[0-9]*/[0-9a-f]*\.png' "$T/body" | head -n1; }
img() { curl -s -D "$T/ihdr" -o "$T/${2:-t}.png" -w '%{http_code}' "$B$1"; }

get v /verify >/dev/null
hasnt "the empty form gives no thumbnail" "$T/body" "/certs/thumb/"
post v /verify "$(csrf)" number=$NUM idno=11010519491231002X >/dev/null
hasnt "a miss gives none" "$T/body" "/certs/thumb/"
is "a successful lookup" "$(post v /verify "$(csrf)" number=$NUM idno=$IDNO)" 200
U=$(thumb)
ID=$(sql "SELECT id FROM certificate WHERE number = '$NUM'")
TODAY=$(date +%Y%m%d)
check "shows its thumbnail's URL ($U)" test -n "$U"
is "for this certificate and today" "$(echo "$U" | cut -d/ -f4,5)" "$ID/$TODAY"
has "with an alternative text" "$T/body" "仅供查验"
is "the thumbnail: 200" "$(img "$U")" 200
has "a PNG" "$T/ihdr" "Content-Type: image/png"
read -r W H R < <(/usr/bin/python3 "$PIX" "$T/t.png" 160 150 480 300)
is "640 pixels wide (decoded)" "$W" 640
is "no red word across a valid certificate" "$R" 0
img "$U" >/dev/null
has "the second fetch comes from nginx's cache" "$T/ihdr" "X-Cache-Status: HIT"
hasnt "no cookie is set by it" "$T/ihdr" "Set-Cookie"

## The URL is the permission.
H=${U##*/}; H=${H%.png}
BAD=$(echo "$H" | sed 's/^./0/;t'); [ "$BAD" = "$H" ] && BAD=1${H:1}
is "a wrong HMAC: 404" "$(img "/certs/thumb/$ID/$TODAY/$BAD.png")" 404
OTHER=$(sql "SELECT id FROM certificate WHERE status = 'confirmed' AND id <> $ID LIMIT 1")
is "the HMAC on another certificate: 404" "$(img "/certs/thumb/$OTHER/$TODAY/$H.png")" 404
is "the HMAC for another day: 404" "$(img "/certs/thumb/$ID/$(date -d yesterday +%Y%m%d)/$H.png")" 404
is "a truncated HMAC: 404" "$(img "/certs/thumb/$ID/$TODAY/${H:0:40}.png")" 404
# A genuine HMAC (made here with the platform's key) for older days.
mk() { /usr/bin/python3 -c '
import hashlib, hmac, sys
key = bytes.fromhex(sys.argv[1])
k = hmac.new(key, b"xcert verification thumbnail v1", hashlib.sha256).digest()
print(hmac.new(k, "|".join(sys.argv[2:]).encode(), hashlib.sha256).hexdigest())' \
    "$(sed -n 's/^CSRF_KEY=//p' "$XC_VAR/secrets")" "$@"; }
check "the test's HMAC is the platform's" test "$(mk "$ID" "$NUM" confirmed "$TODAY")" = "$H"
D1=$(date -d yesterday +%Y%m%d) D2=$(date -d '2 days ago' +%Y%m%d)
is "yesterday's genuine URL still works (a page loaded at midnight)" \
    "$(img "/certs/thumb/$ID/$D1/$(mk "$ID" "$NUM" confirmed "$D1").png")" 200
is "an older genuine URL has expired: 404" \
    "$(img "/certs/thumb/$ID/$D2/$(mk "$ID" "$NUM" confirmed "$D2").png")" 404
is "a genuine URL with a status the certificate no longer has: 404" \
    "$(img "/certs/thumb/$ID/$TODAY/$(mk "$ID" "$NUM" revoked "$TODAY").png")" 404
PEND=$(sql "SELECT id FROM certificate WHERE status = 'site_pending' LIMIT 1")
PNUM=$(sql "SELECT number FROM certificate WHERE id = $PEND")
is "an unpublished certificate, even with a genuine HMAC: 404" \
    "$(img "/certs/thumb/$PEND/$TODAY/$(mk "$PEND" "$PNUM" site_pending "$TODAY").png")" 404

## A revoked certificate, by its signed QR code: 已撤销 across it.
RID=$(sql "SELECT id FROM certificate WHERE status = 'revoked' AND qr_payload IS NOT NULL ORDER BY id LIMIT 1")
is "a revoked certificate's QR page" "$(get v "/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = $RID")")" 200
RU=$(thumb)
is "shows its thumbnail" "$(echo "$RU" | cut -d/ -f4)" "$RID"
is "which is served" "$(img "$RU" r)" 200
read -r W H R < <(/usr/bin/python3 "$PIX" "$T/r.png" 160 150 480 300)
check "with 已撤销 in red across the middle ($R red pixels)" test "$R" -gt 2000

## A share code's result shows it too.
login s 610113200204152012 >/dev/null
tok=$(page_token s /verify/mine)
CERT=$ID
post s /verify/mine/codes "$tok" cert=$CERT days=7 >/dev/null
CODE=$(grep -o '[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}' "$T/body" | head -n1)
check "a share code for it ($CODE)" test -n "$CODE"
get v /verify/share >/dev/null
is "the share-code result" "$(post v /verify/share "$(csrf)" code=$CODE)" 200
is "shows the same thumbnail" "$(thumb)" "$U"
clear_verify
done_testing
