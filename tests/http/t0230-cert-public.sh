#!/bin/bash
# t0230-cert-public.sh: the published record (cert_public, 0023) and the
# verification log written after the answers (fcgi/verification/vlog.c).
# Numbered after the suites that sign, revoke and replace certificates:
# what they did must show in cert_public exactly.
. "$(dirname "$0")/lib.sh"
N=15600031012020000000016
ID=610113200204152012

# 1. One row per published certificate, in its current state.
is "one published record per confirmed, revoked or replaced certificate" \
    "$(sql "SELECT (SELECT COUNT(*) FROM certificate WHERE status IN ('confirmed', 'revoked', 'replaced')) - (SELECT COUNT(*) FROM cert_public)")" 0
is "no record of an unpublished certificate" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate c ON c.id = p.cert_id WHERE c.status NOT IN ('confirmed', 'revoked', 'replaced')")" 0
is "each in its certificate's state and number" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate c ON c.id = p.cert_id WHERE p.status <> c.status OR p.number <> c.number")" 0
check "some certificates are revoked or replaced by now (earlier suites)" \
    test "$(sql "SELECT COUNT(*) FROM cert_public WHERE status <> 'confirmed'")" -gt 0
is "every revoked or replaced one shows its public reason" \
    "$(sql "SET time_zone = '+08:00'; SELECT COUNT(*) FROM cert_public p JOIN certificate_revocation v ON v.certificate_id = p.cert_id WHERE p.revoke_reason <> v.reason OR p.revoked_on <> DATE_FORMAT(v.at, '%Y-%m-%d')")" 0
is "a replaced one names its published replacement, with its QR payload" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate_revocation v ON v.certificate_id = p.cert_id JOIN certificate n ON n.id = v.replacement_id WHERE n.status IN ('confirmed', 'revoked', 'replaced') AND (p.replaced_by <> n.number OR p.replaced_by_qr <> IFNULL(n.qr_payload, ''))")" 0
is "and the replacement names the one it replaces" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate_revocation v ON v.replacement_id = p.cert_id JOIN certificate o ON o.id = v.certificate_id WHERE p.replaces <> o.number OR p.replaces_qr <> IFNULL(o.qr_payload, '')")" 0
is "the holder's blind index is the frozen content's" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate c ON c.id = p.cert_id WHERE c.canon IS NOT NULL AND HEX(p.id_hmac) <> UPPER(JSON_VALUE(c.canon, '$.holder.id_hmac'))")" 0
is "the content hash is the certificate's" \
    "$(sql "SELECT COUNT(*) FROM cert_public p JOIN certificate c ON c.id = p.cert_id WHERE NOT (p.canon_sha256 <=> c.canon_sha256)")" 0

# 2. It follows the holder's account (share codes, the lock's exemption).
SID=$(sql "SELECT student_id FROM cert_public WHERE number = '$N'")
ACC=$(sql "SELECT IFNULL(account_id, 0) FROM student WHERE id = $SID")
sql "UPDATE student SET account_id = NULL WHERE id = $SID"
is "an account unlinked from the holder leaves the record" \
    "$(sql "SELECT IFNULL(holder_account_id, 0) FROM cert_public WHERE number = '$N'")" 0
[ "$ACC" = 0 ] || sql "UPDATE student SET account_id = $ACC WHERE id = $SID"
is "linked again, the record has it" \
    "$(sql "SELECT IFNULL(holder_account_id, 0) FROM cert_public WHERE number = '$N'")" "$ACC"

# 3. Frozen: renaming the organisation later changes no verification.
OID=$(sql "SELECT organisation_id FROM certificate WHERE number = '$N'")
ONAME=$(sql "SELECT name FROM organisation WHERE id = $OID")
sql "UPDATE organisation SET name = CONCAT(name, '（更名）') WHERE id = $OID"
clear_verify
get v /verify >/dev/null
tok=$(csrf)
is "a lookup after the organisation was renamed" "$(post v /verify "$tok" number=$N idno=$ID)" 200
has "shows the name it was issued under" "$T/body" "$ONAME"
hasnt "not the new one" "$T/body" "（更名）"
sql "UPDATE organisation SET name = '$ONAME' WHERE id = $OID"

# 4. The log: every lookup of a burst is written soon after its answer,
# with the time it was answered (the responders keep the rows and write
# many at once while requests are waiting).
sleep 5	# nginx's allowance for this address (10 a second, burst 50)
L0=$(sql "SELECT IFNULL(MAX(id), 0) FROM verification_log")
t0=$(date +%s)
codes=$(for i in $(seq 1 40); do
	curl -s -o /dev/null -w "%{http_code}\n" -b "$T/v" -c "$T/v.$i" \
	    --data-urlencode "_csrf=$tok" --data "number=$N&idno=$ID" \
	    "$B/verify" &
done; wait)
t1=$(date +%s)
is "40 lookups at once: all answered" "$(echo "$codes" | grep -c '^200$')" 40
n=0
for _ in $(seq 1 30); do
	n=$(sql "SELECT COUNT(*) FROM verification_log WHERE id > $L0 AND number = '$N' AND outcome = 'ok'")
	[ "$n" = 40 ] && break
	sleep 0.1
done
is "all 40 logged within 3 s of the last answer" "$n" 40
is "each with the time it was answered" \
    "$(sql "SELECT COUNT(*) FROM verification_log WHERE id > $L0 AND number = '$N' AND UNIX_TIMESTAMP(at) BETWEEN $t0 AND $t1")" 40
is "and no ID number in the log's columns" \
    "$(sql "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'xcert' AND table_name = 'verification_log' AND column_name LIKE '%id%' AND column_name NOT IN ('id', 'certificate_id', 'api_key_id')")" 0

# 5. A quiet lookup is in the log before the next request is made.
L1=$(sql "SELECT MAX(id) FROM verification_log")
post v /verify "$tok" number=$N idno=$ID >/dev/null
for _ in 1 2 3 4 5; do
	n=$(sql "SELECT COUNT(*) FROM verification_log WHERE id > $L1 AND number = '$N'")
	[ "$n" = 1 ] && break
	sleep 0.1
done
is "one quiet lookup: logged within half a second" "$n" 1

# 6. The holder sees the public lookups of the own numbers, the failed
# ones too, and a lock while it lasts (学生个人空间, /verify/mine).
clear_verify
sql "INSERT INTO verify_throttle (key_hash, kind, fails, first_fail) VALUES (UNHEX(SHA2('number:$N', 256)), 'number', 19, NOW())"
get v /verify >/dev/null
tok=$(csrf)
is "a wrong ID number against the holder's certificate: 404" "$(post v /verify "$tok" number=$N idno=11010519491231002X)" 404
is "the 20th failure locked it: the right pair is refused" "$(post v /verify "$tok" number=$N idno=$ID)" 429
is "the holder logs in" "$(login s "$ID")" 303
is "the holder's space" "$(get s /verify/mine)" 200
has "says the number is locked, and until when" "$T/body" "已对他人暂停查询至"
has "with the count of failures" "$T/body" "查询失败 20 次"
has "lists the failed attempt" "$T/body" "身份证号不符（失败）"
has "and the refusal while locked" "$T/body" "编号已锁定，被拒绝"
has "and the successful lookups" "$T/body" "查验成功"
hasnt "never the other party's address" "$T/body" "127.0.0.1"
is "another student's space shows none of it" "$(login o 610114200103061011)" 303
get o /verify/mine >/dev/null
hasnt "(no attempts against $N there)" "$T/body" "$N"

# 7. A log write that fails loses only those rows, with a warning; the
# lookups are answered all the same, and the next rows are written.
clear_verify
sql "REVOKE INSERT ON xcert.verification_log FROM 'xc_verification'@'localhost'"
W0=$(grep -c "verification log: .* rows not written" "$XC_VAR/log/verification.log")
L2=$(sql "SELECT MAX(id) FROM verification_log")
is "a lookup while the log cannot be written: answered" "$(post v /verify "$tok" number=$N idno=$ID)" 200
w=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	w=$(grep -c "verification log: .* rows not written" "$XC_VAR/log/verification.log")
	[ "$w" -gt "$W0" ] && break
	sleep 0.1
done
check "the lost row is logged as a warning" test "$w" -gt "$W0"
sql "GRANT INSERT ON xcert.verification_log TO 'xc_verification'@'localhost'"
is "the next lookup: answered" "$(post v /verify "$tok" number=$N idno=$ID)" 200
for _ in 1 2 3 4 5; do
	n=$(sql "SELECT COUNT(*) FROM verification_log WHERE id > $L2 AND number = '$N'")
	[ "$n" = 1 ] && break
	sleep 0.1
done
is "and logged again (only the failed one is missing)" "$n" 1
clear_verify
done_testing
