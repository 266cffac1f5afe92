#!/bin/bash
# audit.sh: bench/audit.sh continues the audit chain with a writer busy
# beside it (as the login scenario's queued requests are after (f) in
# bench/wrk.sh).  A login lands while the chain's rows are generated;
# the chain must stay intact, and when audit.sh stops it must say why
# (it once lost the generated row of that seq to LOAD DATA LOCAL's
# duplicate-key warning, broke the chain and exited 1 without a word).
# Then, with no writer, it continues the chain to the target and verifies.
. "$(dirname "$0")/../http/lib.sh"
ROOT=${XC_ROOT:?}
head_seq() { sql "SELECT seq FROM audit_head WHERE id = 1"; }
S0=$(head_seq)
GOAL=$((S0 + 300000))
get anon /login >/dev/null
TOK=$(csrf)
bash "$ROOT/bench/audit.sh" "$XC_VAR" "$GOAL" > "$T/out" 2> "$T/err" &
pid=$!
# As soon as the generation has begun (its file exists), a login adds an
# audit row (account.login) after the head audit.sh read.
for _ in $(seq 1 200); do
	[ -e "$XC_VAR/bench-audit.tsv" ] && break
	sleep 0.02
done
check "bench/audit.sh is generating the chain's rows" [ -e "$XC_VAR/bench-audit.tsv" ]
is "a login during the generation is answered with 303" \
    "$(post anon /login "$TOK" login=admin "password=$PW")" 303
rc=0
wait "$pid" || rc=$?
is "the login's audit row is in the chain" \
    "$(sql "SELECT COUNT(*) FROM audit_log WHERE seq > $S0 AND action = 'account.login'")" 1
v=$(cd "$ROOT" && XC_VAR=$XC_VAR bin/xadmin audit-verify 2>&1)
case $v in "audit chain ok: "*) ok "the chain is intact after the race ($v)" ;;
*) nok "the chain is intact after the race"; echo "#   $v" ;; esac
if [ "$rc" = 0 ]; then
	ok "bench/audit.sh finished (the login came before its transaction)"
else
	has "bench/audit.sh says why it stopped (exit $rc)" "$T/err" "audit.sh: "
	sed 's/^/#   /' "$T/err" | tail -n 3
fi
rc=0
bash "$ROOT/bench/audit.sh" "$XC_VAR" "$GOAL" > "$T/out" 2> "$T/err" || rc=$?
is "with no writer, bench/audit.sh continues the chain and verifies it" "$rc" 0
sed 's/^/#   /' "$T/err" | tail -n 3
is "the head is at the target" "$(head_seq)" "$GOAL"
has "it prints the verification's figures for wrk.sh" "$T/out" "OP audit "
has "it verified every entry" "$T/out" "AUDIT $GOAL "
check "its generated file is removed" [ ! -e "$XC_VAR/bench-audit.tsv" ]
done_testing
