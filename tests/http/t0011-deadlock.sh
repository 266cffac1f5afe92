#!/bin/bash
# t0011-deadlock.sh: a deadlock (1213) is retried once as a whole
# transaction, and the user's save succeeds.  A second session makes a
# real lock cycle with the responder: it holds audit_head, the responder
# holds the student row and waits for audit_head, then the session asks
# for the student row.  InnoDB rolls back the lighter transaction (the
# responder's: the session has written more rows first).
. "$(dirname "$0")/lib.sh"

login a p21020000000000000000 >/dev/null
sid=$(sql "SELECT s.id FROM student s WHERE s.institution_id = 1 AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.student_id = s.id) ORDER BY s.id LIMIT 1")
acct=$(sql "SELECT id FROM account WHERE login = 'p21020000000000000000'")
get a "/students/$sid/edit" "$T/edit.html" >/dev/null
tok=$(csrf "$T/edit.html")
ver=$(grep -o 'name="version" value="[0-9]*"' "$T/edit.html" | grep -o '[0-9]*')
before=$(grep -c 'transaction deadlocked; retrying' "$XC_VAR/log/students.log")

mariadb --no-defaults -S "$XC_VAR/run/db.sock" -uroot xcert -e "
	START TRANSACTION;
	INSERT INTO notification (account_id, title)
	    SELECT $acct, 'deadlock test' FROM seq_1_to_300;
	SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE;
	DO SLEEP(3);
	UPDATE student SET class_name = class_name WHERE id = $sid;
	ROLLBACK;" >"$T/session.out" 2>&1 &
spid=$!
sleep 0.5
# The edit: the student row first, then the audit row (audit_head).
code=$(post a "/students/$sid/edit" "$tok" "version=$ver" phone=13712345678 \
    "$(grep -o 'name="name" value="[^"]*"' "$T/edit.html" | sed 's/.*value="/name=/;s/"$//')" \
    "$(grep -o '<option selected>[男女]</option>' "$T/edit.html" | sed 's/<[^>]*>//g;s/^/gender=/')" \
    id_type=居民身份证 student_type=院校学生)
wait $spid
is "the save succeeds" "$code" 303
is "the change is stored once" "$(sql "SELECT phone FROM student WHERE id = $sid")" 13712345678
is "one history row for it" "$(sql "SELECT COUNT(*) FROM student_change WHERE student_id = $sid AND field = 'phone' AND new_value = '13712345678'")" 1
after=$(grep -c 'transaction deadlocked; retrying' "$XC_VAR/log/students.log")
check "the responder met a deadlock and retried the transaction" test "$after" -gt "$before"
check "the other session was not the victim" bash -c "! grep -q 1213 '$T/session.out'"
out=$(cd "$XC_ROOT" && XC_VAR=$XC_VAR "$XC_ROOT/bin/xadmin" audit-verify)
case $out in "audit chain ok"*) ok "audit chain intact after the retry";; *) nok "audit chain: $out";; esac
done_testing
