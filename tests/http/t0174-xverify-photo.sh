#!/bin/bash
# t0174-xverify-photo.sh: xverify on a phone's photo of a printed
# certificate (issue 12): the holder's 300 dpi PNG, turned by a few
# degrees on a grey table, scaled to a phone photo's size, darker and
# softer, saved as a JPEG of quality 70 (bin/mkphoto, libgd), checked
# offline with the public keys only.
. "$(dirname "$0")/lib.sh"
N=15600031012020000000016	# confirmed, 王思远
ID=610113200204152012
KEYS=$XC_VAR/qr-keys/public
MK=$XC_ROOT/bin/mkphoto XV=$XC_ROOT/bin/xverify
CID=$(sql "SELECT id FROM certificate WHERE number = '$N'")
is "the holder logs in" "$(login s $ID)" 303
is "and downloads the print copy" "$(get s "/certs/$CID/certificate.png" "$T/c.png")" 200
# photo DEGREES SCALE QUALITY: the JPEG's path; xverify's output in $T/xv.
photo() { "$MK" "$T/c.png" "$T/p$1.jpg" "$@" && echo "$T/p$1.jpg"; }
for a in "3 0.6 70" "-4 0.6 70" "8 0.7 60"; do
	set -- $a
	J=$(photo "$@")
	is "photo turned $1°, scaled $2, JPEG q$3: a JPEG" "$(head -c 3 "$J" | od -An -tx1 | tr -d ' ')" ffd8ff
	"$XV" -K "$KEYS" "$J" >"$T/xv" 2>&1
	is "xverify reads and verifies it (exit 0)" "$?" 0
	has "the certificate's number" "$T/xv" "number:   $N"
done
# Where a photo stops being readable: a quarter of the print's size is
# too small for zbar; xverify says so (exit 4), not that it is forged.
"$XV" -K "$KEYS" "$(photo 3 0.3 70)" >"$T/xv" 2>&1
is "too small a photo: no readable QR code (exit 4)" "$?" 4
done_testing
