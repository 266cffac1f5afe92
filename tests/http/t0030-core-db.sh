#!/bin/bash
# t0030-core-db.sh: the DB API says what happened (issue 8, point 8): a
# foreign-key failure is classified once (missing parent = 404, no log
# line, nothing written), "no row" is a 404 rather than a silent 500.
. "$(dirname "$0")/lib.sh"

login adm admin >/dev/null
tok=$(page_token adm /admin/orgs)
n0=$(sql "SELECT COUNT(*) FROM certificate_type")
a0=$(sql "SELECT COUNT(*) FROM audit_log")
w0=$(grep -c 'mysql_stmt_execute' "$XC_VAR/log/institution.log")
is "type for a missing organisation: 404 (foreign key, classified)" \
    "$(post adm /admin/orgs/999999/types "$tok" name=测试证书 level=初级)" 404
is "staff for a missing organisation: 404" \
    "$(post adm /admin/orgs/999999/staff "$tok" login=fkprobe name=探针)" 404
is "nothing written" "$(sql "SELECT COUNT(*) FROM certificate_type")" "$n0"
is "no audit row" "$(sql "SELECT COUNT(*) FROM audit_log")" "$a0"
is "no account" "$(sql "SELECT COUNT(*) FROM account WHERE login = 'fkprobe'")" 0
is "a client error is not logged as a database failure" \
    "$(grep -c 'mysql_stmt_execute' "$XC_VAR/log/institution.log")" "$w0"
is "a type for a real organisation still works" \
    "$(post adm /admin/orgs/1/types "$tok" name=核心测试证书 level=中级)" 303
is "and was written once" \
    "$(sql "SELECT COUNT(*) FROM certificate_type WHERE name = '核心测试证书'")" 1
done_testing
