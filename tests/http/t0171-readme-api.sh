#!/bin/bash
# t0171-readme-api.sh: the README's curl examples of the employers' API
# run as written (between <!-- api-examples --> markers), with a key and
# a share code made here, so the documentation stays true.
. "$(dirname "$0")/lib.sh"
ROOT=${XC_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
HEX=$(printf 'readme%058d' 1 | tr -c '0-9a-f\n' 'a')
CODE=RDME-RDME-RDME
sql "DELETE FROM api_rate;
    INSERT IGNORE INTO api_key (employer, contact, prefix, key_hash, created_by)
    SELECT 'README 示例单位', '文档', LEFT('$HEX', 8), UNHEX(SHA2('$HEX', 256)), id
    FROM account WHERE login = 'admin';
    INSERT IGNORE INTO share_code (certificate_id, account_id, code_hash, hint, expires_at)
    SELECT c.id, s.account_id, UNHEX(SHA2('RDMERDMERDME', 256)), 'RDME', NOW() + INTERVAL 1 DAY
    FROM certificate c JOIN student s ON s.id = c.student_id
    WHERE c.number = '15600031012020000000016'"
sed -n '/<!-- api-examples -->/,/<!-- \/api-examples -->/p' "$ROOT/README.md" |
    sed '1,2d;$d' | sed '$d' > "$T/examples.sh"
check "the README holds the examples" grep -q 'verify/api/batch' "$T/examples.sh"
mkdir -p "$T/run"
(cd "$T/run" && XC=$B KEY=xck_$HEX CODE=$CODE bash -e "$T/examples.sh") > "$T/out" 2>&1
is "they run without an error" "$?" 0
is "the three single checks answer valid" "$(grep -o '"verdict":"valid"' "$T/out" | wc -l)" 3
has "one by share code" "$T/out" '"by":"share_code"'
has "with the name masked as the README says" "$T/out" '"name":"王*远"'
out=$(/usr/bin/python3 -c "
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(','.join(r[3] for r in ws.iter_rows(min_row=2, values_only=True)))" "$T/run/results.xlsx" 2>&1)
is "the batch example's XLSX: one verdict per row" "$out" "有效,有效"
sql "DELETE FROM api_rate"
done_testing
