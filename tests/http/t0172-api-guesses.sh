#!/bin/bash
# t0172-api-guesses.sh: the employers' API is no side door around the
# public page's guessing limits (issue 12): anonymous misses by number +
# ID number count toward the address's CAPTCHA counter (and the API,
# which cannot show a CAPTCHA, refuses from the 3rd); a key's misses,
# single or in a batch, count toward the number's lock, and a locked
# number is locked on the page and in the API alike.
. "$(dirname "$0")/lib.sh"
NUM=15600031012020000000016	# 王思远's confirmed certificate
IDNO=610113200204152012
WRONG=11010519491231002X
sql "DELETE FROM api_rate"
clear_verify
check_api() { curl -s -o "$T/api" -w '%{http_code}' "$@" "$B/verify/api/check"; }
jget() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$T/api" "$1"; }

## Anonymous: the page's address counter, no CAPTCHA to answer.
for i in 1 2 3; do
	is "anonymous miss $i: 200 not_found" "$(check_api -d number=$NUM -d idno=$WRONG)" 200
	is "anonymous miss $i: its verdict" "$(jget verdict)" not_found
done
is "the address's failures are the page's counter" \
    "$(sql "SELECT fails FROM verify_throttle WHERE kind = 'ip'")" 3
get v /verify >/dev/null
has "so the public page now asks for a CAPTCHA" "$T/body" 'src="/verify/captcha.png"'
is "the 4th anonymous guess is refused (429)" "$(check_api -d number=$NUM -d idno=$WRONG)" 429
is "with its reason" "$(jget error)" too_many_failures
is "even the right pair waits, as on the page" "$(check_api -d number=$NUM -d idno=$IDNO)" 429
is "the number's hour counted the misses too" \
    "$(sql "SELECT fails FROM verify_throttle WHERE kind = 'number'")" 3

## A key: no CAPTCHA, but its misses lock the number for everyone.
clear_verify
login a admin >/dev/null
tok=$(page_token a /verify/apikeys)
post a /verify/apikeys "$tok" "employer=猜测测试有限公司" "contact=人事部 张先生" >/dev/null
KEY=$(grep -o 'xck_[0-9a-f]\{64\}' "$T/body" | head -n1)
sql "UPDATE api_key SET per_minute = 1000 WHERE key_hash = UNHEX(SHA2('${KEY#xck_}', 256))"
bad=0
for i in $(seq 1 19); do
	check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$WRONG >/dev/null
	[ "$(jget verdict)" = not_found ] || bad=$((bad + 1))
done
is "19 keyed misses: not_found each" $bad 0
is "a key's misses do not touch the address's counter" \
    "$(sql "SELECT COUNT(*) FROM verify_throttle WHERE kind = 'ip'")" 0
check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$IDNO >/dev/null
is "before the 20th the right pair still answers" "$(jget verdict)" valid
check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$WRONG >/dev/null
is "the 20th keyed miss" "$(jget verdict)" not_found
is "locks the number" "$(check_api -H "Authorization: Bearer $KEY" -d number=$NUM -d idno=$IDNO)" 200
is "the right pair by key: locked" "$(jget verdict)" locked
has "with the page's reason" "$T/api" "已暂停查询1小时"
hasnt "and nothing of the certificate" "$T/api" "王"
get v /verify >/dev/null
is "the public page refuses the right pair too" "$(post v /verify "$(csrf)" number=$NUM idno=$IDNO)" 429
has "saying the number is locked" "$T/body" "已暂停查询1小时"

## A batch's misses count the same way.
clear_verify
sql "DELETE FROM api_rate"
{ printf '证书编号,身份证号\r\n'; for i in $(seq 1 20); do printf '%s,%s\r\n' $NUM $WRONG; done
  printf '%s,%s\r\n' $NUM $IDNO; } > "$T/b.csv"
is "a batch of 20 wrong rows and the right one" "$(curl -s -o "$T/out.xlsx" -w '%{http_code}' \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$T/b.csv" "$B/verify/api/batch")" 200
/usr/bin/python3 -c "
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(' '.join(str(r[4]) for r in list(ws.iter_rows(values_only=True))[1:]))" "$T/out.xlsx" > "$T/v.txt"
is "openpyxl: 20 not_found, then locked" "$(cat "$T/v.txt")" "$(printf 'not_found %.0s' $(seq 1 20))locked"
get v /verify >/dev/null
is "and the page refuses the number afterwards" "$(post v /verify "$(csrf)" number=$NUM idno=$IDNO)" 429
clear_verify
sql "DELETE FROM api_rate"
done_testing
