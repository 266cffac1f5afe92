#!/bin/bash
# t0012-https-cookies.sh: behind HTTPS (XC_BASE_URL https://...) the
# cookies are __Host- prefixed and Secure.  A second, small stack is
# started for it (the same code, another base URL), then stopped.
. "$(dirname "$0")/lib.sh"
S=$(mktemp -d /tmp/xchttps.XXXXXX)
chmod 755 "$S"
P=$(( ${B##*:} + 1 ))
trap 'bash "$XC_ROOT/deploy/stack.sh" stop "$S"; rm -rf "$S" "$T"' EXIT
if ! XC_QUIET=1 XC_PROCS=1 XC_BASE_URL="https://127.0.0.1:$P" \
    bash "$XC_ROOT/deploy/stack.sh" start "$S" "$P" >"$T/stack.log" 2>&1; then
	cat "$T/stack.log"
	nok "a stack with an https base URL starts"
	done_testing
	exit 1
fi
H=http://127.0.0.1:$P
curl -s -D "$T/h1" -o "$T/login.html" "$H/login"
has "the anonymous CSRF cookie is __Host- and Secure" "$T/h1" "Set-Cookie: __Host-xc_pre="
has "with Secure; HttpOnly; SameSite=Lax" "$T/h1" "; Path=/; Secure; HttpOnly; SameSite=Lax"
pre=$(sed -n 's/^Set-Cookie: __Host-xc_pre=\([0-9a-f]*\);.*/\1/p' "$T/h1" | tr -d '\r')
tok=$(csrf "$T/login.html")
# The admin account is created on this empty stack from the command line.
XC_VAR=$S XC_ADMIN_PASSWORD=Https-Test-1 "$XC_ROOT/bin/xadmin" create-admin httpsadmin 管理员 >/dev/null
code=$(curl -s -D "$T/h2" -o /dev/null -w '%{http_code}' -H "Origin: https://127.0.0.1:$P" \
    -H "Cookie: __Host-xc_pre=$pre" --data-urlencode "_csrf=$tok" \
    --data "login=httpsadmin&password=Https-Test-1" "$H/login")
is "login over the https base URL" "$code" 303
has "the session cookie is __Host-xc_sid" "$T/h2" "Set-Cookie: __Host-xc_sid="
check "and Secure" grep -q '__Host-xc_sid=[0-9a-f]*; Path=/; Secure; HttpOnly; SameSite=Lax' "$T/h2"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: http://127.0.0.1:$P" \
    -H "Cookie: __Host-xc_pre=$pre" --data-urlencode "_csrf=$tok" \
    --data "login=httpsadmin&password=Https-Test-1" "$H/login")
is "a plain-http origin is refused when the site is https" "$code" 403
done_testing
