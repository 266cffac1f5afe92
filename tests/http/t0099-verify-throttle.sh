#!/bin/bash
# t0099-verify-throttle.sh: unmatched public lookups are limited per
# address (an ID number is guessable once a certificate number is known):
# 100 wrong guesses from one address, each CAPTCHA answered as a
# determined guesser would: a CAPTCHA from the 3rd failure, a refusal
# from the 21st, and the answers for an unknown number and for a wrong ID
# number byte-identical apart from the request id all along.  Then
# nginx's limit_req in front.  Numbered last: it uses up 127.0.0.1's
# allowance, and clears it afterwards.
. "$(dirname "$0")/lib.sh"
N=15600031012020000000016
UNKNOWN=15600031012020999999996
norm() { sed -E 's/[0-9a-f]{32}/REQID/g' "$T/body"; }
clear_verify
get v /verify >/dev/null
tok=$(csrf)
cap=0 bad=0
declare -A seen
for i in $(seq 1 100); do
	# nginx allows 10 requests a second per address (burst 50).
	sleep 0.1
	args=()
	if [ $cap = 1 ]; then
		get v /verify/captcha.png >/dev/null
		args=("captcha=$(captcha_answer v)")
	fi
	if [ $((i % 2)) = 1 ]; then n=$UNKNOWN; else n=$N; fi
	st=$(post v /verify "$tok" number=$n idno=11010519491231002X "${args[@]}")
	if [ $i -le 20 ]; then want=404; else want=429; fi
	[ "$st" = "$want" ] || { bad=$((bad + 1)); echo "# guess $i: $st, want $want"; }
	# Each phase's pages: one shape for both kinds of miss.
	if [ $i -le 2 ]; then ph=a; elif [ $i -le 20 ]; then ph=b; else ph=c; fi
	h=$(norm | sha256sum | cut -c1-16)
	seen[$ph.$((i % 2))]=${seen[$ph.$((i % 2))]:-$h}
	[ "${seen[$ph.$((i % 2))]}" = "$h" ] || { bad=$((bad + 1)); echo "# guess $i: a page unlike its phase's"; }
	grep -q 'src="/verify/captcha.png"' "$T/body" && cap=1 || cap=0
	[ $i = 2 ] && is "no CAPTCHA after 2 failures" $cap 0
	[ $i = 3 ] && is "the 3rd failure's page brings one" $cap 1
	[ $i = 20 ] && cp "$T/body" "$T/20.html"
done
is "100 guesses: 20 misses (404), then refused (429)" "$bad" 0
for ph in a b c; do
	is "guesses $(case $ph in a) echo 1-2;; b) echo 3-20;; c) echo 21-100;; esac): an unknown number's page equals a wrong ID's" "${seen[$ph.1]}" "${seen[$ph.0]}"
done
has "the 3rd to 20th came with a CAPTCHA" "$T/20.html" "换一张"
has "the refusal says why" "$T/body" "查询失败次数过多"
is "even a right pair waits" "$(post v /verify "$tok" number=$N idno=610113200204152012)" 429
n=$(sql "SELECT fails FROM verify_throttle WHERE kind = 'ip' ORDER BY fails DESC LIMIT 1")
is "counted in the database (shared by every responder process)" "$n" 20
is "every guess logged, none as a success" \
    "$(sql "SELECT COUNT(*) FROM verification_log WHERE id > (SELECT MAX(id) - 101 FROM verification_log) AND number IN ('$N', '$UNKNOWN') AND outcome IN ('nomatch', 'throttled')")" 101
is "logins from the same address are not affected" "$(login w admin)" 303
clear_verify
is "after the window, lookups work again" "$(post v /verify "$tok" number=$N idno=610113200204152012)" 200

# nginx in front: more than 10 requests a second (burst 50) get its 429.
codes=$(for i in $(seq 1 90); do curl -s -o "$T/n$i" -w "%{http_code} $i\n" "$B/verify/q/AAAA" & done; wait)
n429=$(echo "$codes" | grep -c '^429 ')
check "90 requests at once: nginx refuses some with 429 ($n429)" test "$n429" -gt 0
# A refused one's body (not any file holding "429": request ids do).
f=$(echo "$codes" | sed -n 's/^429 \([0-9]*\)$/\1/p' | head -n1)
f=${f:+$T/n$f}
has "with the Chinese page" "${f:-$T/none}" "查询过于频繁"
done_testing
