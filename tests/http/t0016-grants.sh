#!/bin/bash
# t0016-grants.sh: least privilege per responder.  Each area's database
# account holds only its area's rights (SHOW GRANTS, and what the
# account is refused when it tries), re-running grants.sql drops rights
# an older version gave, each responder reads a secrets file with only
# what it needs, and only nginx can reach the FastCGI sockets.
. "$(dirname "$0")/lib.sh"
AREAS="institution students issuance verification"
root() { mariadb --no-defaults -S "$XC_VAR/run/db.sock" -uroot -N -e "$1"; }
# as AREA SQL: run SQL as the area's account, with the password the
# master secrets file holds for it; prints the client's output.
as() {
	local pw
	pw=$(sed -n "s/^DB_PASSWORD_$1=//p" "$XC_VAR/secrets")
	MYSQL_PWD=$pw mariadb --no-defaults -S "$XC_VAR/run/db.sock" \
	    -u "xc_$1" -N xcert -e "$2" 2>&1
}
# grants AREA: SHOW GRANTS of the account and of each role it holds.
grants() {
	local g r
	g=$(root "SHOW GRANTS FOR 'xc_$1'@'localhost'")
	echo "$g"
	for r in $(echo "$g" | sed -n 's/^GRANT `\([a-z_]*\)` TO .*/\1/p'); do
		root "SHOW GRANTS FOR $r"
	done
}

check_grants() {	# suffix for the descriptions
	local a
	for a in $AREAS; do
		grants "$a" > "$T/g.$a"
		check "xc_$a has its own grants$1" grep -q 'ON `xcert`\.`' "$T/g.$a"
		hasnt "xc_$a: no rights on all of xcert.*$1" "$T/g.$a" 'ON `xcert`.*'
		check "xc_$a: nothing on *.* but USAGE$1" \
		    bash -c "! grep 'ON \*\.\*' '$T/g.$a' | grep -v '^GRANT USAGE ON'"
		check "xc_$a: no UPDATE or DELETE on audit_log$1" \
		    bash -c "! grep -E 'ON \`xcert\`\.\`audit_log\`' '$T/g.$a' |
		    grep -qE 'UPDATE|DELETE|ALL'"
	done
}
check_grants ""
check "the audit chain can still be written (INSERT on audit_log)" \
    grep -q 'GRANT INSERT ON `xcert`.`audit_log`' "$T/g.students"
for a in institution students verification; do
	check "xc_$a may not write certificate" bash -c "! grep -E \
	    'ON \`xcert\`\.\`certificate\` TO' '$T/g.$a' |
	    grep -qE 'INSERT|UPDATE|DELETE|ALL'"
done
check "xc_issuance writes certificates" \
    grep -q 'GRANT SELECT, INSERT, UPDATE ON `xcert`.`certificate` TO' "$T/g.issuance"
hasnt "xc_verification holds no password hash" "$T/g.verification" pw_hash
hasnt "xc_verification holds no ID ciphertext" "$T/g.verification" id_cipher
check "xc_verification: no table-wide right on account or student" \
    bash -c "! grep -E '^GRANT [A-Z, ]+ ON \`xcert\`\.\`(account|student)\`' '$T/g.verification'"
for a in students issuance; do
	check "xc_$a cannot read the password hash" bash -c "! grep \
	    '\`xcert\`.\`account\`' '$T/g.$a' |
	    grep -qE 'SELECT(,| ON)|SELECT \([^)]*pw_hash'"
done

# What the accounts are refused when they try (1142: table, 1143: column).
is "xc_students logs in and reads its students" \
    "$(as students "SELECT COUNT(*) > 0 FROM student")" 1
out=$(as students "UPDATE audit_log SET detail = 'x' WHERE seq = 1")
case $out in *1142*) ok "xc_students: UPDATE audit_log denied (1142)";;
*) nok "xc_students: UPDATE audit_log denied: $out";; esac
out=$(as students "DELETE FROM audit_log")
case $out in *1142*) ok "xc_students: DELETE FROM audit_log denied (1142)";;
*) nok "xc_students: DELETE FROM audit_log denied: $out";; esac
out=$(as students "SELECT pw_hash FROM account LIMIT 1")
case $out in *1143*) ok "xc_students: password hashes denied (1143)";;
*) nok "xc_students: password hashes denied: $out";; esac
out=$(as institution "UPDATE certificate SET status = 'confirmed' WHERE id = 0")
case $out in *1142*) ok "xc_institution: UPDATE certificate denied (1142)";;
*) nok "xc_institution: UPDATE certificate denied: $out";; esac
out=$(as verification "SELECT id_cipher FROM student LIMIT 1")
case $out in *114[23]*) ok "xc_verification: ID ciphertexts denied";;
*) nok "xc_verification: ID ciphertexts denied: $out";; esac
# The print copy shows the full ID number (issue 10): issuance reads the
# ciphertext, and nothing else of a student's contact data.
out=$(as issuance "SELECT COUNT(id_cipher) >= 0 FROM student")
case $out in 1) ok "xc_issuance: reads ID ciphertexts (the print copy)";;
*) nok "xc_issuance: reads ID ciphertexts (the print copy): $out";; esac
out=$(as issuance "SELECT phone FROM student LIMIT 1")
case $out in *1143*) ok "xc_issuance: student phone numbers denied (1143)";;
*) nok "xc_issuance: student phone numbers denied: $out";; esac
is "xc_verification reads the published view" \
    "$(as verification "SELECT COUNT(*) > 0 FROM v_cert_public")" 1
is "xc_issuance sees no audit log" \
    "$(as issuance "SELECT COUNT(*) FROM audit_log" | grep -c 1142)" 1

# An older database gave broad rights: the next start's grants.sql
# takes them away.
root "GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_students'@'localhost'"
root "SHOW GRANTS FOR 'xc_students'@'localhost'" > "$T/old"
has "(an old broad grant is in place)" "$T/old" 'ON `xcert`.*'
is "(and the old account may update audit_log, but for its trigger)" \
    "$(as students "UPDATE audit_log SET detail = 'x' WHERE seq = 0" | grep -c 1142)" 0
XC_QUIET=1 bash "$XC_ROOT/deploy/stack.sh" start "$XC_VAR" "${B##*:}" >"$T/restart.log" 2>&1
check "the stack starts again over it" test $? -eq 0
check_grants " after a re-run"

# One secrets file per responder, made from the master file.
D=$XC_VAR/secrets.d
for a in $AREAS; do
	f=$D/$a
	is "secrets.d/$a is mode 600" "$(stat -c %a "$f" 2>&1)" 600
	is "secrets.d/$a holds one DB password" "$(grep -c '^DB_PASSWORD_' "$f")" 1
	is "and it is its own (as in the master file)" \
	    "$(grep "^DB_PASSWORD_" "$f")" "$(grep "^DB_PASSWORD_$a=" "$XC_VAR/secrets")"
	check "secrets.d/$a has the blind-index key" grep -q '^ID_HMAC_KEY=' "$f"
	pid=$(cat "$XC_VAR/run/$a.pid")
	is "the $a responder reads secrets.d/$a" \
	    "$(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^XC_SECRETS=//p')" "$f"
done
hasnt "verification never gets the AES key" "$D/verification" ID_AES_KEY
has "issuance gets the AES key (the print copy's full ID number)" "$D/issuance" ID_AES_KEY=
hasnt "institution does not get the AES key" "$D/institution" ID_AES_KEY
has "students gets the AES key (full ID numbers)" "$D/students" ID_AES_KEY=
hasnt "students has no anonymous form: no CSRF key" "$D/students" CSRF_KEY
has "issuance's phone signing form has the CSRF key" "$D/issuance" CSRF_KEY=
has "verification's public form has the CSRF key" "$D/verification" CSRF_KEY=
is "secrets.d is private" "$(stat -c %a "$D")" 700
# The PDF signing key: made on first run, named only in issuance's file.
is "pdf-sign.key is mode 600" "$(stat -c %a "$XC_VAR/pdf-sign.key" 2>&1)" 600
check "pdf-sign.key is an EC P-256 key" sh -c \
    "openssl pkey -in '$XC_VAR/pdf-sign.key' -noout -text | grep -q 'NIST CURVE: P-256'"
openssl x509 -in "$XC_VAR/pdf-sign.crt" -noout -subject -nameopt utf8 \
    >"$T/pdfcrt" 2>&1
has "pdf-sign.crt: the platform's name" "$T/pdfcrt" "CN=职业技能等级证书信息管理服务平台"
check "pdf-sign.crt is self-signed and valid for 10 years" sh -c \
    "openssl verify -CAfile '$XC_VAR/pdf-sign.crt' '$XC_VAR/pdf-sign.crt' >/dev/null &&
    openssl x509 -in '$XC_VAR/pdf-sign.crt' -noout -checkend $((3649 * 86400)) >/dev/null"
has "issuance's file names the PDF key" "$D/issuance" "PDF_KEY_FILE=$XC_VAR/pdf-sign.key"
has "and its certificate" "$D/issuance" "PDF_CERT_FILE=$XC_VAR/pdf-sign.crt"
for a in institution students verification; do
	hasnt "$a does not get the PDF key" "$D/$a" PDF_
done

# A responder refuses to start with a file lacking a key it needs.
XC_SECRETS=$D/verification timeout 10 "$XC_ROOT/bin/xc-students" \
    -s "$T/s.sock" -n 1 >"$T/refuse.log" 2>&1
is "students refuses verification's file" "$?" 1
has "with a clear log line" "$T/refuse.log" "ID_AES_KEY missing or not 64 hex digits; students needs it: not starting"
check "and opened no socket" test ! -e "$T/s.sock"
# Issuance signs PDFs: without its key's files, or with a key that is
# not its certificate's, it does not start.
( umask 077; grep -v '^PDF_' "$D/issuance" > "$T/nopdf" )
XC_SECRETS=$T/nopdf timeout 10 "$XC_ROOT/bin/xc-issuance" \
    -s "$T/i.sock" -n 1 >"$T/refuse-i.log" 2>&1
is "issuance refuses a file without the PDF key" "$?" 1
has "with a clear log line" "$T/refuse-i.log" "PDF_KEY_FILE or PDF_CERT_FILE missing; issuance signs certificate PDFs: not starting"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/other.key" 2>/dev/null
sed "s|^PDF_KEY_FILE=.*|PDF_KEY_FILE=$T/other.key|" "$D/issuance" > "$T/i.secrets"
chmod 600 "$T/i.secrets"
XC_SECRETS=$T/i.secrets timeout 10 "$XC_ROOT/bin/xc-issuance" \
    -s "$T/i.sock" -n 1 >"$T/refuse-k.log" 2>&1
is "issuance refuses a key that is not its certificate's" "$?" 1
has "and says so" "$T/refuse-k.log" "is not the certificate of $T/other.key: not starting"
check "and opened no socket" test ! -e "$T/i.sock"

# The FastCGI sockets: nginx's group only.
w=$(pgrep -P "$(cat "$XC_VAR/run/nginx.pid")" | head -n1)
grp=$(ps -o egroup= -p "$w" | tr -d ' ')
for a in $AREAS; do
	s=$XC_VAR/run/$a.sock
	is "$a.sock is srw-rw----" "$(stat -c %A "$s")" srw-rw----
	is "$a.sock belongs to nginx's group ($grp)" "$(stat -c %G "$s")" "$grp"
done
if id nobody >/dev/null 2>&1 && [ "$grp" != nogroup ]; then
	runuser -u nobody -- python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])' "$XC_VAR/run/verification.sock" 2>"$T/nobody.err"
	check "another local user cannot connect to a responder" test $? -ne 0
	has "(permission denied)" "$T/nobody.err" "Permission denied"
else
	nok "no user 'nobody' outside nginx's group to try the socket with"
fi
is "the site still answers (institution)" "$(get s /login)" 200
is "(verification)" "$(get s /verify)" 200
is "(students: to the login)" "$(get s /students)" 303
is "(issuance: to the login)" "$(get s /certs)" 303
done_testing
