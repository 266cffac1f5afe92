#!/bin/bash
# t0262-log-retention.sh: xadmin purge-logs drops the verification logs'
# rows older than the retention (XC_LOG_DAYS, 365 by default, 180 at
# least), in batches, keeps the rest, and records what it dropped in the
# audit chain.
. "$(dirname "$0")/lib.sh"
X="$XC_ROOT/bin/xadmin"
export XC_VAR
unset XC_LOG_DAYS

# The stack's worker purges once when it starts: let that run be over
# (else it takes part of the rows below and the counts are its and ours).
for _ in $(seq 1 100); do
	grep -q "days of logs" "$XC_VAR/log/worker.log" 2>/dev/null && break
	sleep 0.1
done
cert=$(sql "SELECT MIN(id) FROM certificate")
before=$(sql "SELECT COUNT(*) FROM verification_log")
# First a row written by a host whose clock ran a day ahead; then, at
# higher ids, 25,000 lookups 400 days old (three statements of 10,000),
# one at 366 days, one at 364 and one of 10 days; the same ages for the
# share-code and API uses.
sql "INSERT INTO verification_log (at, number, certificate_id, method, outcome)
    VALUES (NOW() + INTERVAL 1 DAY, '91000000000000000000999', NULL, 'idno', 'nomatch');
    INSERT INTO verification_log (at, number, certificate_id, method, outcome)
    SELECT NOW() - INTERVAL 400 DAY, '91000000000000000000000', NULL, 'idno', 'nomatch'
    FROM seq_1_to_25000;
    INSERT INTO verification_log (at, number, certificate_id, method, outcome) VALUES
    (NOW() - INTERVAL 366 DAY, '91000000000000000000366', $cert, 'idno', 'ok'),
    (NOW() - INTERVAL 364 DAY, '91000000000000000000364', $cert, 'idno', 'ok'),
    (NOW() - INTERVAL 10 DAY, '91000000000000000000010', $cert, 'qr', 'ok');
    INSERT INTO verify_use (certificate_id, used_at, via, channel) VALUES
    ($cert, NOW() - INTERVAL 400 DAY, 'idno', 'api'),
    ($cert, NOW() - INTERVAL 364 DAY, 'idno', 'page');
    INSERT INTO api_use (key_id, used_at, kind, checks, verdict) VALUES
    (NULL, NOW() - INTERVAL 400 DAY, 'refused', 0, 't0262 old'),
    (NULL, NOW() - INTERVAL 10 DAY, 'refused', 0, 't0262 recent')"
audits=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'logs.purge'")
seq0=$(sql "SELECT IFNULL(MAX(seq), 0) FROM audit_log")

out=$("$X" purge-logs 365 366 2>&1)
is "a second argument is a usage error" "$?" 2
case $out in *"purge-logs [DAYS]"*) ok "the usage names purge-logs";; *) nok "usage: $out";; esac
out=$("$X" purge-logs 100 2>&1)
is "a retention under 180 days is refused" "$?" 2
case $out in *180*3650*) ok "with the allowed range";; *) nok "allowed range: $out";; esac
out=$(XC_LOG_DAYS=abc "$X" purge-logs 2>&1)
is "a bad XC_LOG_DAYS is refused" "$?" 2
case $out in *XC_LOG_DAYS*) ok "naming the variable";; *) nok "naming XC_LOG_DAYS: $out";; esac
is "nothing was dropped by the refusals" \
    "$(sql "SELECT COUNT(*) FROM verification_log")" "$((before + 25004))"

out=$("$X" purge-logs 2>&1)
is "purge-logs succeeds" "$?" 0
is "it says what it dropped" "$out" \
    "xadmin: kept 365 days of logs; dropped verification_log 25001, verify_use 1, api_use 1"
is "the lookups older than 365 days are gone" \
    "$(sql "SELECT COUNT(*) FROM verification_log WHERE at < NOW() - INTERVAL 365 DAY")" 0
is "the younger ones are kept" \
    "$(sql "SELECT GROUP_CONCAT(RIGHT(number, 3) ORDER BY id) FROM verification_log WHERE number LIKE '910000000000000000003%' OR number = '91000000000000000000010'")" "364,010"
is "every other row is kept" "$(sql "SELECT COUNT(*) FROM verification_log")" "$((before + 3))"
is "the row from a clock ahead too" "$(sql "SELECT COUNT(*) FROM verification_log WHERE number = '91000000000000000000999'")" 1
is "share-code and API uses: the old ones gone" \
    "$(sql "SELECT (SELECT COUNT(*) FROM verify_use WHERE used_at < NOW() - INTERVAL 365 DAY) + (SELECT COUNT(*) FROM api_use WHERE used_at < NOW() - INTERVAL 365 DAY)")" 0
is "the recent API use kept" "$(sql "SELECT COUNT(*) FROM api_use WHERE verdict = 't0262 recent'")" 1
is "each statement's rows are in the audit chain" \
    "$(sql "SELECT GROUP_CONCAT(detail ORDER BY seq SEPARATOR '|') FROM audit_log WHERE action = 'logs.purge' AND seq > $seq0")" \
    "verification_log: dropped 10000 (older than 365 days)|verification_log: dropped 10000 (older than 365 days)|verification_log: dropped 5001 (older than 365 days)|verify_use: dropped 1 (older than 365 days)|api_use: dropped 1 (older than 365 days)"
out=$("$X" audit-verify 2>&1)
case $out in "audit chain ok"*) ok "and the chain verifies";; *) nok "chain verifies: $out";; esac

out=$("$X" purge-logs 2>&1)
is "a second run drops nothing" "$out" \
    "xadmin: kept 365 days of logs; dropped verification_log 0, verify_use 0, api_use 0"
is "and audits nothing" \
    "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'logs.purge'")" "$((audits + 5))"
out=$(XC_LOG_DAYS=200 "$X" purge-logs 2>&1)
is "XC_LOG_DAYS sets the retention" "$out" \
    "xadmin: kept 200 days of logs; dropped verification_log 1, verify_use 1, api_use 0"
is "the 10-day-old rows stay" "$(sql "SELECT COUNT(*) FROM verification_log WHERE number = '91000000000000000000010'")" 1
is "an explicit DAYS wins over XC_LOG_DAYS" \
    "$(XC_LOG_DAYS=3650 "$X" purge-logs 180 2>&1)" \
    "xadmin: kept 180 days of logs; dropped verification_log 0, verify_use 0, api_use 0"
# (what this test left: its young rows)
sql "DELETE FROM verification_log WHERE number IN ('91000000000000000000010',
    '91000000000000000000999'); DELETE FROM api_use WHERE verdict = 't0262 recent'"
done_testing
