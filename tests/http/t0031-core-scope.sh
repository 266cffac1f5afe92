#!/bin/bash
# t0031-core-scope.sh: one scope check that fails closed (issue 8, point
# 7): a role an area does not name sees nothing, and a session whose
# account says "organisation" without naming one sees nothing either,
# never the platform-wide list.
. "$(dirname "$0")/lib.sh"

hash=$(sql "SELECT pw_hash FROM account WHERE login = 'zcjy'")
# An organisation account without its organisation: the schema's CHECK
# forbids it, so plant it the way a bad migration or manual edit would.
sql "SET SESSION check_constraint_checks = 0;
    INSERT INTO account (login, display_name, role, organisation_id,
    institution_id, pw_hash, must_change_pw)
    VALUES ('orgnoid', '无组织', 'org', NULL, NULL, '$hash', 0)
    ON DUPLICATE KEY UPDATE organisation_id = NULL"
is "the planted account exists" \
    "$(sql "SELECT COUNT(*) FROM account WHERE login = 'orgnoid' AND organisation_id IS NULL")" 1
is "it can log in" "$(login o orgnoid)" 303
for p in /students /students/plans /students/corrections /students/export /certs /; do
	is "org without organisation id: $p refused (404)" "$(get o "$p")" 404
	hasnt "and shows no student or certificate of anyone" "$T/body" "张"
done
check "the refusal is logged" grep -q 'org without its id; refused' "$XC_VAR/log/students.log"

# A student (the demo's 王思远): areas that do not name students show
# it nothing.
is "a student logs in" "$(login s 610113200204152012)" 303
for p in /students /students/plans /students/export /certs /students/corrections; do
	is "student: $p is not a student's list (404)" "$(get s "$p")" 404
done
is "the student's own list is shown" "$(get s /certs/mine)" 200
is "and the student's home" "$(get s /)" 200
# An organisation on the platform-only and institution-only pages.
login z zcjy >/dev/null
is "org on the admin's organisation list: 404" "$(get z /admin/orgs)" 404
is "org on its own list: shown" "$(get z /students)" 200
done_testing
