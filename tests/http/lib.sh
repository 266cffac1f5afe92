# lib.sh: helpers for the HTTP tests (sourced).  Needs XC_BASE_URL, XC_VAR.
set -u
B=${XC_BASE_URL:?}
T=$(mktemp -d /tmp/xchttp.XXXXXX)
trap 'rm -rf "$T"' EXIT
NFAIL=0
PW=Xcert-2026

ok()	{ echo "ok - $*"; }
nok()	{ echo "not ok - $*"; NFAIL=$((NFAIL + 1)); }
# check DESC COMMAND...: ok when the command succeeds.
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else nok "$d"; fi; }
# is DESC GOT WANT
is() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1"; echo "#   got '$2', want '$3'"; fi; }
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else nok "$1"; echo "#   '$3' not in $2"; head -c 600 "$2" | sed 's/^/#   /'; echo; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then nok "$1"; echo "#   '$3' found in $2"; else ok "$1"; fi; }
done_testing() { [ "$NFAIL" -eq 0 ]; }

sql() { mariadb --no-defaults -S "$XC_VAR/run/db.sock" -uroot -N xcert -e "$1"; }
# count_drift: one line each: the rows of certificate_count that
# disagree with a recount of certificate (either side missing counts as
# one), both ways; the same for certificate_count_org; the records whose
# copies of their holder's 学生类型 and name are stale.  All 0 when exact.
count_drift() {
	sql "SELECT COUNT(*) FROM (SELECT organisation_id o, institution_id i,
	    plan_id p, student_type t, status st, COUNT(*) n FROM certificate
	    GROUP BY 1, 2, 3, 4, 5) r
	    LEFT JOIN certificate_count k ON k.organisation_id = r.o
	    AND k.institution_id = r.i AND k.plan_id = r.p
	    AND k.student_type = r.t AND k.status = r.st
	    WHERE k.n IS NULL OR k.n <> r.n"
	sql "SELECT COUNT(*) FROM certificate_count k WHERE k.n <> (SELECT
	    COUNT(*) FROM certificate c WHERE c.organisation_id = k.organisation_id
	    AND c.institution_id = k.institution_id AND c.plan_id = k.plan_id
	    AND c.student_type = k.student_type AND c.status = k.status)"
	sql "SELECT COUNT(*) FROM (SELECT organisation_id o, student_type t,
	    status st, COUNT(*) n FROM certificate GROUP BY 1, 2, 3) r
	    LEFT JOIN certificate_count_org k ON k.organisation_id = r.o
	    AND k.student_type = r.t AND k.status = r.st
	    WHERE k.n IS NULL OR k.n <> r.n"
	sql "SELECT COUNT(*) FROM certificate_count_org k WHERE k.n <> (SELECT
	    COUNT(*) FROM certificate c WHERE c.organisation_id = k.organisation_id
	    AND c.student_type = k.student_type AND c.status = k.status)"
	sql "SELECT COUNT(*) FROM certificate c JOIN student s ON s.id = c.student_id
	    WHERE c.student_type <> s.student_type OR c.student_name <> s.name"
}
# clear_verify: forget the public lookup's failure counters and CAPTCHAs
# (a test's own misses would bring a CAPTCHA to the next test).
clear_verify() { sql "DELETE FROM verify_throttle; DELETE FROM verify_captcha"; }
# captcha_answer JAR: the answer of the CAPTCHA whose token the jar holds
# (the server keeps the answer; the cookie names it by its hash).
captcha_answer() {
	local t
	t=$(awk '$6 == "xc_cap" { print $7 }' "$T/$1" | tail -n1)
	sql "SELECT answer FROM verify_captcha WHERE token_hash = UNHEX(SHA2('$t', 256))"
}
# org_seal_bump CERT: a new version of the organisation seal certificate
# CERT was confirmed with (drawn as its site seal, so it looks different);
# prints the new seal's id.
org_seal_bump() {
	sql "INSERT INTO seal (owner_type, owner_id, version, png, sha256, width,
	    height, variant, letter_version, consent_account_id, consent_ip)
	    SELECT o.owner_type, o.owner_id, 1 + (SELECT MAX(version) FROM seal
	    WHERE owner_type = o.owner_type AND owner_id = o.owner_id), i.png,
	    i.sha256, i.width, i.height, i.variant, o.letter_version,
	    o.consent_account_id, o.consent_ip FROM seal o
	    JOIN seal i ON i.id = (SELECT site_seal_id FROM certificate WHERE id = $1)
	    WHERE o.id = (SELECT org_seal_id FROM certificate WHERE id = $1);
	    SELECT LAST_INSERT_ID()"
}

# real_cipher: a seeded student's ID ciphertext in hex, for students a test
# makes by SQL: a print copy decrypts it (random bytes would make every
# 300 dpi render of their certificates fail, and a ZIP of them with it).
real_cipher() { sql "SELECT HEX(id_cipher) FROM student ORDER BY id LIMIT 1"; }
# get JAR PATH [OUT]: GET with the jar; prints the status code.
get() { curl -s -o "${3:-$T/body}" -w '%{http_code}' -b "$T/$1" -c "$T/$1" "$B$2"; }
# headers JAR PATH: GET, headers into $T/hdr, prints status.
headers() { curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' -b "$T/$1" -c "$T/$1" "$B$2"; }
# csrf FILE: the first CSRF token in a page.
csrf() { grep -o 'name="_csrf" value="[0-9a-f]*"' "${1:-$T/body}" | head -n1 | sed 's/.*value="//;s/"$//'; }
# post JAR PATH TOKEN [k=v ...]: urlencoded POST with token; prints status.
post() {
	local jar=$1 path=$2 tok=$3 a
	shift 3
	local args=(--data-urlencode "_csrf=$tok")
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$jar" -c "$T/$jar" \
	    -H "Origin: $B" "${args[@]}" "$B$path"
}
# login JAR LOGIN [PASSWORD]: fresh jar, logs in; prints the POST status.
login() {
	rm -f "$T/$1"
	get "$1" /login >/dev/null
	post "$1" /login "$(csrf)" "login=$2" "password=${3:-$PW}"
}
location() { sed -n 's/^Location: //Ip' "$T/hdr" | tr -d '\r'; }
# page_token JAR PATH: the CSRF token of a page for the jar.
page_token() { get "$1" "$2" "$T/tok.html" >/dev/null; csrf "$T/tok.html"; }
# sigpost JAR PATH FILE [k=v ...]: a form with a handwritten signature.
sigpost() {
	local jar=$1 path=$2 f=$3 a
	shift 3
	local args=()
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	base64 -w0 "$f" > "$T/sig.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$jar" -c "$T/$jar" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(page_token "$jar" /certs)" \
	    --data-urlencode "sig@$T/sig.b64" "${args[@]}" "$B$path"
}
# idfind JAR BASE IDNO: the list's ID filter (/certs or /students): the
# form posts the number, the list comes back filtered by its blind index.
# Prints the list's status; the URL is in $T/idfind.url.
idfind() {
	local tok
	tok=$(page_token "$1" "$2")
	post "$1" "$2/find" "$tok" "idno=$3" >/dev/null
	location > "$T/idfind.url"
	get "$1" "$(cat "$T/idfind.url")"
}
# idno_new REGION6: a random valid 18-digit ID number (a woman's) in that region.
idno_new() {
	/usr/bin/python3 -c "
import random, sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
s = sys.argv[1] + '19%02d0%d1%d%03d' % (random.randint(70, 99),
    random.randint(1, 9), random.randint(0, 8), random.randint(0, 998) // 2 * 2)
print(s + '10X98765432'[sum(int(a) * b for a, b in zip(s, w)) % 11])" "$1"
}

xl() {	# FILE: all strings of the workbook, one a line
	/usr/bin/python3 - "$1" <<'PYEOF'
import re, sys, zipfile, html
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
text = ""
for n in names:
    if n.startswith("xl/") and n.endswith(".xml"):
        text += z.read(n).decode("utf-8")
cells = re.findall(r"<t[^>]*>([^<]*)</t>", text)
for c in cells:
    print(html.unescape(c))
PYEOF
}
