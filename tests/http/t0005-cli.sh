#!/bin/bash
# t0005-cli.sh: the operator's command line (first admin on a real deployment).
. "$(dirname "$0")/lib.sh"
X="$XC_ROOT/bin/xadmin"
export XC_VAR

out=$(XC_ADMIN_PASSWORD=12345678 "$X" create-admin ops1 运维 2>&1)
check "a common password is refused" test $? -ne 0
case $out in *常见*) ok "with the deny-list message";; *) nok "deny-list message: $out";; esac
check "an invalid login is refused" bash -c "! XC_ADMIN_PASSWORD=Http-Test-9 '$X' create-admin 'a b' 运维"
out=$(echo "Http-Test-Cli-1" | "$X" create-admin ops$$ 运维 2>/dev/null)
case $out in *created*) ok "admin created from stdin";; *) nok "admin created from stdin: $out";; esac
is "the new admin logs in" "$(login cli "ops$$" Http-Test-Cli-1)" 303
is "and reaches the admin pages" "$(get cli /admin/orgs)" 200
is "a duplicate login is refused" "$(XC_ADMIN_PASSWORD=Http-Test-Cli-2 "$X" create-admin ops$$ 运维 >/dev/null 2>&1; echo $?)" 1
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'account.create' AND detail = 'admin (cli)'")
check "creation audited" test "$n" -ge 1
idx=$("$X" id-index 610114200103061011)
n=$(sql "SELECT COUNT(*) FROM student WHERE id_hmac = UNHEX('$idx')")
is "the blind index finds the student" "$n" 1
n=$(sql "SELECT COUNT(*) FROM student WHERE id_cipher LIKE '%610114200103061011%' OR id_mask = '610114200103061011'")
is "no plaintext ID number in the student table" "$n" 0
is "a bad ID number is refused" "$("$X" id-index 610114200103061012 >/dev/null 2>&1; echo $?)" 1
done_testing
