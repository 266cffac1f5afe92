#!/bin/bash
# t0099-verify-throttle.sh: unmatched public lookups are limited per
# address (an ID number is guessable once a certificate number is known).
# Numbered last: it uses up 127.0.0.1's allowance for 15 minutes, so the
# runner gives it a fresh counter and clears it afterwards.
. "$(dirname "$0")/lib.sh"
clear_verify() { sql "DELETE FROM login_throttle WHERE kind = 'ip'"; }
clear_verify
get v /verify >/dev/null
tok=$(csrf)
for i in $(seq 1 20); do
	post v /verify "$tok" number=15600031012020000000016 idno=11010519491231002X >/dev/null
done
is "the 21st unmatched lookup is refused" "$(post v /verify "$tok" number=15600031012020000000016 idno=11010519491231002X)" 429
has "with a clear message" "$T/body" "查询失败次数过多"
is "even a right pair waits" "$(post v /verify "$tok" number=15600031012020000000016 idno=610113200204152012)" 429
n=$(sql "SELECT fails FROM login_throttle WHERE kind = 'ip' ORDER BY fails DESC LIMIT 1")
is "counted in the database (shared by every responder)" "$n" 20
is "logins from the same address are not affected" "$(login w admin)" 303
clear_verify
is "after the window, lookups work again" "$(post v /verify "$tok" number=15600031012020000000016 idno=610113200204152012)" 200
done_testing
