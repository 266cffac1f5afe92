#!/bin/bash
# t0009-photo.sh: a student's photo: PNG checked like seals, any shape,
# visible only to those who may see the student.
. "$(dirname "$0")/lib.sh"
IMG=$T/img
/usr/bin/python3 "$(dirname "$0")/mkpng.py" "$IMG" >/dev/null

login a p21020000000000000000 >/dev/null
login b p11010000000000000031 >/dev/null
login o zcjy >/dev/null
# A fresh student of A for this run (a random valid ID number).
idno=$(/usr/bin/python3 -c "
import random
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
s = '11010819%02d0%d1%d%03d' % (random.randint(70, 99), random.randint(1, 9),
    random.randint(0, 8), random.randint(0, 998) // 2 * 2 + 1)
print(s + '10X98765432'[sum(int(a) * b for a, b in zip(s, w)) % 11])")
tok=$(page_token a /students/new)
is "a student for the photo tests" "$(post a /students/new "$tok" name=照片测试 gender=男 id_type=居民身份证 "id_number=$idno" student_type=院校学生)" 303
sid=$(location | sed 's|?.*||; s|.*/||')
upload() {	# jar file -> status
	local tok
	tok=$(page_token "$1" "/students/$sid")
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/$1" -H "Origin: $B" \
	    -F "_csrf=$tok" -F "photo=@$2;type=image/png" "$B/students/$sid/photo"
}
is "no photo yet" "$(get a "/students/$sid/photo.png")" 404
is "a JPEG is refused" "$(upload a "$IMG/seal.jpg")" 400
has "with the PNG rule, worded for a photo" "$T/body" "照片必须是PNG格式"
is "an oversized image is refused" "$(upload a "$IMG/huge.png")" 400
has "with the size rule" "$T/body" "2000×2000"
is "a truncated PNG is refused" "$(upload a "$IMG/truncated.png")" 400
is "nothing stored by refusals" "$(sql "SELECT photo IS NULL FROM student WHERE id = $sid")" 1
is "a non-square PNG is fine for a photo" "$(upload a "$IMG/nonsquare.png")" 303
is "the photo is served" "$(headers a "/students/$sid/photo.png")" 200
has "as PNG" "$T/hdr" "Content-Type: image/png"
has "never cached" "$T/hdr" "Cache-Control: no-store"
check "it is a PNG" bash -c "head -c 8 '$T/body' | od -An -tx1 | grep -q '89 50 4e 47'"
is "the history records it" "$(sql "SELECT COUNT(*) FROM student_change WHERE student_id = $sid AND field = 'photo'")" 1
is "another institution gets 404" "$(get b "/students/$sid/photo.png")" 404
is "another institution cannot upload" "$(upload b "$IMG/good.png")" 404
is "an organisation cannot upload" "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/o" -H "Origin: $B" -F "_csrf=x" -F "photo=@$IMG/good.png" "$B/students/$sid/photo")" 404
done_testing
