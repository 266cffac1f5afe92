#!/bin/bash
# t0017-headers.sh: every response carries the security headers, those
# nginx makes itself (405, 414, 400, 404, 413) as well as the
# responders' (once, not twice); the production configuration passes
# nginx -t and, served on loopback in front of this stack's responders,
# keeps HSTS on /static/ too.
. "$(dirname "$0")/lib.sh"
CSP_RE="^Content-Security-Policy: .*frame-ancestors 'none'"

# secure DESC: the headers of the last response ($T/hdr) are all there.
secure() {
	check "$1: CSP with frame-ancestors" grep -qiE "$CSP_RE" "$T/hdr"
	check "$1: Referrer-Policy" grep -qi '^Referrer-Policy: same-origin' "$T/hdr"
	check "$1: X-Content-Type-Options" grep -qi '^X-Content-Type-Options: nosniff' "$T/hdr"
	check "$1: X-Frame-Options" grep -qi '^X-Frame-Options: DENY' "$T/hdr"
}
# req DESC WANT CURL-ARGS...: the status and the headers.
req() {
	local d=$1 want=$2 code
	shift 2
	code=$(curl -s -o /dev/null -D "$T/hdr" -w '%{http_code}' "$@")
	is "$d is $want" "$code" "$want"
	secure "$d"
}
req "TRACE /" 405 -X TRACE "$B/"
req "a 10 KB URL" 414 "$B/$(head -c 10240 /dev/zero | tr '\0' a)"
req "a 64 KB header" 400 -H "X-Big: $(head -c 65536 /dev/zero | tr '\0' a)" "$B/login"
req "/static/nope" 404 "$B/static/nope"
head -c 30000000 /dev/zero > "$T/30m"
req "a 30 MB POST" 413 -H "Origin: $B" --data-binary @"$T/30m" "$B/login"
req "a static file" 200 "$B/static/app.css"
req "the login page" 200 "$B/login"
is "a responder's page has one CSP, not nginx's as well" \
    "$(grep -ci '^Content-Security-Policy:' "$T/hdr")" 1
is "and one Referrer-Policy" "$(grep -ci '^Referrer-Policy:' "$T/hdr")" 1
hasnt "no HSTS over plain http" "$T/hdr" "Strict-Transport-Security"
req "an anonymous private page" 303 "$B/students"
req "a 404 from a responder" 404 "$B/nosuchpage"

# nginx's CSP is the responders' (fcgi/common/resp.c).
ncsp=$(sed -n "s/^	\"\" \"\(default-src[^\"]*\)\";$/\1/p" "$XC_ROOT/deploy/nginx-http.conf")
rcsp=$(sed -n 's/^Content-Security-Policy: //Ip' "$T/hdr" | tr -d '\r')
is "nginx's CSP equals the responders'" "$ncsp" "$rcsp"

# Every location with an add_header of its own includes headers.conf
# (nginx drops the inherited add_header there); the server level has it.
for f in nginx/xcert.conf deploy/nginx-production.conf; do
	bad=$(awk '
	    /^[ \t]*location[ \t]/ { inloc = 1; add = 0; inc = 0; name = $0 }
	    inloc && /add_header/ { add = 1 }
	    inloc && /include .*headers\.conf;/ { inc = 1 }
	    !inloc && /^[ \t]*add_header/ { print "server level: " $0 }
	    inloc && /}[ \t]*$/ { if (add && !inc) print name; inloc = 0 }
	    ' "$XC_ROOT/$f")
	is "$f: every location with add_header includes headers.conf" "$bad" ""
done
check "xcert.conf includes headers.conf at server level" \
    grep -q '^include @ROOT@/nginx/headers.conf;' "$XC_ROOT/nginx/xcert.conf"

# The production configuration, paths made local, in front of this
# stack's responder sockets on another port.
P=$(( ${B##*:} + 2 ))
N=$T/prod
mkdir -p "$N/log" "$N/ssl"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj /CN=x.example.edu.cn -days 1 -keyout "$N/ssl/privkey.pem" \
    -out "$N/ssl/fullchain.pem" >/dev/null 2>&1
sed "s|@ROOT@|$XC_ROOT|g" "$XC_ROOT/nginx/xcert.conf" > "$N/xcert.conf"
sed -e "s|listen 443 ssl|listen 127.0.0.1:$P ssl|" -e "s|/etc/ssl/xcert|$N/ssl|" \
    -e "s|/var/log/nginx|$N/log|" -e "s|/etc/nginx/xcert.conf|$N/xcert.conf|" \
    -e "s|/var/lib/nginx|$N|" \
    -e "s|/run/xcert|$XC_VAR/run|" "$XC_ROOT/deploy/nginx-production.conf" > "$N/server.conf"
cat > "$N/nginx.conf" <<EOF
$(grep '^user ' "$XC_VAR/nginx/nginx.conf")
pid $N/nginx.pid;
error_log $N/log/error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	include $XC_ROOT/deploy/nginx-http.conf;
	client_body_temp_path $N/cb; proxy_temp_path $N/px;
	fastcgi_temp_path $N/fc; uwsgi_temp_path $N/uw; scgi_temp_path $N/sc;
	include $N/server.conf;
}
EOF
nginx -t -q -p "$N" -c "$N/nginx.conf" -e "$N/log/error.log" 2>"$T/t.err"
check "the production configuration passes nginx -t" test $? -eq 0
[ -s "$T/t.err" ] && sed 's/^/#   /' "$T/t.err"
if nginx -p "$N" -c "$N/nginx.conf" -e "$N/log/error.log" 2>>"$T/t.err"; then
	trap 'kill -QUIT "$(cat "$N/nginx.pid")" 2>/dev/null; rm -rf "$T"' EXIT
	H=https://127.0.0.1:$P
	for _ in $(seq 1 50); do
		curl -sk -o /dev/null "$H/static/app.css" && break
		sleep 0.1
	done
	hsts() {	# DESC WANT CURL-ARGS...
		local d=$1 want=$2 code
		shift 2
		code=$(curl -sk -o /dev/null -D "$T/hdr" -w '%{http_code}' "$@")
		is "production: $d is $want" "$code" "$want"
		check "production: $d has HSTS" grep -qi '^Strict-Transport-Security: max-age=' "$T/hdr"
		secure "production: $d"
	}
	hsts "/static/app.css" 200 "$H/static/app.css"
	hsts "/static/nope" 404 "$H/static/nope"
	hsts "the login page" 200 "$H/login"
	is "production: one CSP on a responder's page" \
	    "$(grep -ci '^Content-Security-Policy:' "$T/hdr")" 1
	hsts "TRACE /" 405 -X TRACE "$H/"
	hsts "a 30 MB POST" 413 --data-binary @"$T/30m" "$H/login"
else
	nok "the production configuration starts"
	sed 's/^/#   /' "$T/t.err"
fi
done_testing
