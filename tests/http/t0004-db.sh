#!/bin/bash
# t0004-db.sh: MariaDB killed -> 503 page -> restarted -> service back,
# with the same responder processes (no restart of the responders).
. "$(dirname "$0")/lib.sh"

login a p21020000000000000000 >/dev/null
is "works before" "$(get a /certs)" 200
pids_before=$(pgrep -f "xc-institution -s $XC_VAR" | sort | tr '\n' ' ')
dbpid=$(cat "$XC_VAR/run/db.pid")
kill -9 "$dbpid"
for _ in $(seq 1 50); do kill -0 "$dbpid" 2>/dev/null || break; sleep 0.1; done
code=$(curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' -b "$T/a" "$B/certs")
is "database down: 503" "$code" 503
has "503 page in Chinese" "$T/body" "系统暂时无法访问数据库"
has "Retry-After" "$T/hdr" "Retry-After: 5"
is "institution pages 503 too" "$(get a /)" 503
is "the login page still renders" "$(curl -s -o /dev/null -w '%{http_code}' "$B/login")" 200
# Bring the database back the way an operator would; responders stay.
XC_QUIET=1 bash "$XC_ROOT/deploy/stack.sh" start "$XC_VAR" "${B##*:}" >/dev/null 2>&1
is "database back: service restored" "$(get a /certs)" 200
has "with data" "$T/body" "全部 <b>61</b>"
is "the same session still works" "$(get a /)" 200
pids_after=$(pgrep -f "xc-institution -s $XC_VAR" | sort | tr '\n' ' ')
is "responders were not restarted" "$pids_after" "$pids_before"
for i in 1 2 3 4 5 6; do get a /students >/dev/null; done
is "every responder process reconnected" "$(get a /students)" 200
done_testing
