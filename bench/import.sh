#!/bin/bash
# import.sh: times importing IMPORT_N (50,000) students from one CSV
# (bench/mkcsv.py: valid synthetic ID numbers none of the stack holds)
# through POST /students/import as an institution's principal, checks
# that all were imported.  The stack: bench/lib.sh (BENCH_STACK, or its
# own with the demo data only, BENCH_ROWS=0 by default).
# Last line: OP import SECONDS IMPORT_N.
set -eEu -o pipefail
trap 'echo "import.sh: line $LINENO: exit $? from: $BASH_COMMAND" >&2' ERR
. "$(dirname "$0")/lib.sh"
bench_stack xcimport 28777 0
IMPORT_N=${IMPORT_N:-50000}
# A fresh range of ID numbers for each run on one stack.
FROM=$((2000000 + $(sql "SELECT COUNT(*) FROM student")))
/usr/bin/python3 bench/mkcsv.py "$IMPORT_N" utf-8 "$FROM" > "$W/big.csv"
login jar p21020000000000000000
curl -s -b "$W/jar" "$B/students/import" -o "$W/i.html"
t=$(curl -s -b "$W/jar" -H "Origin: $B" -F "_csrf=$(tok "$W/i.html")" \
    -F "file=@$W/big.csv;type=text/csv" -o "$W/r.html" -w '%{time_total}' \
    "$B/students/import")
done=$(sed -n 's/.*已导入 <b>\([0-9]*\)<.*/\1/p' "$W/r.html" | head -n1)
echo "== importing $IMPORT_N CSV rows (target < 10 s at 50,000)"
echo "   $(du -h "$W/big.csv" | cut -f1) file in $t s; ${done:-no} students imported"
[ "$done" = "$IMPORT_N" ] || {
	echo "import.sh: imported ${done:-none} of $IMPORT_N:" >&2
	sed -n 's/.*<div class="notice[^"]*">\(.*\)<\/div>.*/\1/p' "$W/r.html" |
	    head -n3 >&2
	exit 1
}
echo "OP import $(printf %.2f "$t") $IMPORT_N"
