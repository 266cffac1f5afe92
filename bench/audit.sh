#!/bin/bash
# audit.sh VAR [ROWS]: the audit chain of the stack under VAR continued
# to ROWS entries (1,000,000) with valid hashes (audit.c audit_hash:
# SHA-256 over the previous hash and every field, each followed by a
# newline; computed here by Python and loaded with LOAD DATA), then
# `xadmin audit-verify` timed over the whole chain.  Prints one line:
#   AUDIT rows seconds rows_per_second
# and the same as OP audit SECONDS ROWS (bench/lib.sh).
set -eEu -o pipefail
trap 'echo "audit.sh: line $LINENO: exit $? from: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$(cd "${1:?usage: audit.sh VAR [ROWS]}" && pwd)
ROWS=${2:-1000000}
sql() { mariadb --no-defaults -S "$VAR/run/db.sock" -uroot xcert -N -B "$@"; }

read -r SEQ HEAD < <(sql -e "SELECT seq, IF(last_hash = '', '-', last_hash)
    FROM audit_head WHERE id = 1")
[ "$HEAD" = - ] && HEAD=""
if [ "$SEQ" -lt "$ROWS" ]; then
	trap 'rm -f "$VAR/bench-audit.tsv"' EXIT
	/usr/bin/python3 - "$SEQ" "$HEAD" "$ROWS" "$VAR/bench-audit.tsv" <<'EOF'
import hashlib, sys
seq, prev, rows, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(out, "w") as f:
    for s in range(seq + 1, rows + 1):
        at = "2026-%02d-%02dT%02d:%02d:%02dZ" % (1 + s % 12, 1 + s % 28,
            s % 24, s % 60, s % 59)
        oid = s % 1000000 + 1
        fields = [prev, str(s), at, "1", "cert.confirm", "certificate",
            str(oid), "127.0.0.1", "bench"]
        h = hashlib.sha256("".join(x + "\n" for x in fields).encode()).hexdigest()
        f.write("\t".join([str(s), prev, h, at, "1", "cert.confirm",
            "certificate", str(oid), "127.0.0.1", "bench"]) + "\n")
        prev = h
EOF
	last=$(tail -n1 "$VAR/bench-audit.tsv" | cut -f3)
	# In one transaction that holds the head from the start: a writer
	# still busy (the login scenario's queued requests) waits for it, or
	# it adds a row between the head read above and this load; then
	# LOAD DATA LOCAL would skip the generated row of that seq without
	# an error (a duplicate key is a warning with LOCAL) and break the
	# chain.  A moved head stops here; no generated row was kept.
	sql --local-infile=1 <<SQL ||
DELIMITER //
START TRANSACTION//
UPDATE audit_head SET seq = $ROWS, last_hash = '$last'
WHERE id = 1 AND seq = $SEQ AND last_hash = '$HEAD'//
BEGIN NOT ATOMIC
	IF ROW_COUNT() <> 1 THEN SIGNAL SQLSTATE '45000'
	    SET MESSAGE_TEXT = 'the audit head moved during the generation';
	END IF;
END//
LOAD DATA LOCAL INFILE '$VAR/bench-audit.tsv' INTO TABLE audit_log
(seq, prev_hash, hash, at_utc, account_id, action, object_type, object_id,
ip, detail)//
BEGIN NOT ATOMIC
	IF (SELECT COUNT(*) FROM audit_log WHERE seq > $SEQ) <> $ROWS - $SEQ
	THEN SIGNAL SQLSTATE '45000'
	    SET MESSAGE_TEXT = 'rows of the generated chain were not loaded';
	END IF;
END//
COMMIT//
SQL
	    { echo "audit.sh: the chain was not continued" >&2; exit 1; }
	rm -f "$VAR/bench-audit.tsv"
fi
t0=$(date +%s.%N)
# (xadmin's verdict is on its standard output, also when it fails)
out=$(cd "$ROOT" && XC_VAR=$VAR bin/xadmin audit-verify 2>&1) || true
t1=$(date +%s.%N)
case $out in
"audit chain ok: "*) ;;
*)	echo "audit.sh: xadmin audit-verify: ${out:-no answer}" >&2; exit 1 ;;
esac
n=$(echo "$out" | sed 's/^audit chain ok: \([0-9]*\) rows.*/\1/')
awk -v n="$n" -v a="$t0" -v b="$t1" \
    'BEGIN { printf "AUDIT %d %.2f %.0f\n", n, b - a, n / (b - a) }'
awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "OP audit %.3f %d\n", b - a, n }'
