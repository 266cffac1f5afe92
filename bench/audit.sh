#!/bin/bash
# audit.sh VAR [ROWS]: the audit chain of the stack under VAR continued
# to ROWS entries (1,000,000) with valid hashes (audit.c audit_hash:
# SHA-256 over the previous hash and every field, each followed by a
# newline; computed here by Python and loaded with LOAD DATA), then
# `xadmin audit-verify` timed over the whole chain.  Prints one line:
#   AUDIT rows seconds rows_per_second
set -eu -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$(cd "${1:?usage: audit.sh VAR [ROWS]}" && pwd)
ROWS=${2:-1000000}
sql() { mariadb --no-defaults -S "$VAR/run/db.sock" -uroot xcert -N -B "$@"; }

read -r SEQ HEAD < <(sql -e "SELECT seq, IF(last_hash = '', '-', last_hash)
    FROM audit_head WHERE id = 1")
[ "$HEAD" = - ] && HEAD=""
if [ "$SEQ" -lt "$ROWS" ]; then
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
	sql --local-infile=1 -e "LOAD DATA LOCAL INFILE '$VAR/bench-audit.tsv'
	    INTO TABLE audit_log (seq, prev_hash, hash, at_utc, account_id,
	    action, object_type, object_id, ip, detail);
	    UPDATE audit_head SET seq = $ROWS, last_hash = '$last' WHERE id = 1"
	rm -f "$VAR/bench-audit.tsv"
fi
t0=$(date +%s.%N)
out=$(cd "$ROOT" && XC_VAR=$VAR bin/xadmin audit-verify)
t1=$(date +%s.%N)
case $out in
"audit chain ok: "*) ;;
*)	echo "audit.sh: $out" >&2; exit 1 ;;
esac
n=$(echo "$out" | sed 's/^audit chain ok: \([0-9]*\) rows.*/\1/')
awk -v n="$n" -v a="$t0" -v b="$t1" \
    'BEGIN { printf "AUDIT %d %.2f %.0f\n", n, b - a, n / (b - a) }'
