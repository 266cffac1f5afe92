#!/bin/bash
# t0100-zip.sh: 批量下载 (issue 10): a ZIP job for selected confirmed
# certificates (and for the list's filter) completes, passes `unzip -t`
# and holds one PNG per certificate named by its number; another
# organisation's certificate in the request is 404 and an unconfirmed
# one refuses the whole request; another user's job is 404; a worker
# killed with SIGKILL mid-job loses its lease and the job completes,
# whole; an expired job's file is deleted and its page says 已过期.
# The test stack's workers run with XC_JOB_LEASE=3, XC_JOB_SLOW_MS=150
# (tests/run.sh).
. "$(dirname "$0")/lib.sh"

ORG=$(sql "SELECT organisation_id FROM account WHERE login = 'zcjy'")
INST=$(sql "SELECT institution_id FROM account WHERE login = 'p21020000000000000000'")
mine() { sql "SELECT id FROM certificate WHERE status = 'confirmed' AND organisation_id = $ORG ORDER BY id $1"; }
OTHER=$(sql "SELECT id FROM certificate WHERE status = 'confirmed' AND organisation_id <> $ORG LIMIT 1")
UNCONF=$(sql "SELECT id FROM certificate WHERE status <> 'confirmed' AND organisation_id = $ORG LIMIT 1")
njobs() { sql "SELECT COUNT(*) FROM job"; }

is "zcjy logs in" "$(login z zcjy)" 303
is "hxzz logs in" "$(login h hxzz)" 303
is "the principal of 21020000000000000000 logs in" "$(login p p21020000000000000000)" 303
is "its business admin logs in" "$(login b biz2102)" 303

# ids ID...: the form's repeated id fields.
ids() { local i; for i in "$@"; do echo "id=$i"; done; }
# submit JAR ID...: POST /certs/zip with those ids; prints the status.
submit() {
	local jar=$1 tok
	shift
	tok=$(page_token "$jar" /certs)
	# shellcheck disable=SC2046
	post "$jar" /certs/zip "$tok" fmt=print $(ids "$@")
}
# job_of: the job id of the last 303 (/certs/jobs/N).
job_of() { location | sed -n 's|^/certs/jobs/\([0-9]*\)$|\1|p'; }
# wait_state JAR JOB STATE SECONDS: poll the JSON state endpoint.
wait_state() {
	local i
	for i in $(seq 1 $(($4 * 5))); do
		curl -s -b "$T/$1" "$B/certs/jobs/$2/state" >"$T/state.json"
		grep -q "\"state\":\"$3\"" "$T/state.json" && return 0
		sleep 0.2
	done
	cat "$T/state.json"; echo
	return 1
}
# zipcheck JAR JOB WANT DESC: download, unzip -t, the names = WANT.
zipcheck() {
	is "$4: the download (200)" "$(headers "$1" "/certs/jobs/$2/download")" 200
	cp "$T/body" "$T/$2.zip"
	has "$4: application/zip" "$T/hdr" "Content-Type: application/zip"
	has "$4: nosniff" "$T/hdr" "X-Content-Type-Options: nosniff"
	has "$4: never cached" "$T/hdr" "Cache-Control: private, no-store"
	has "$4: an attachment" "$T/hdr" \
	    "Content-Disposition: attachment; filename=\"certificates-$2.zip\""
	check "$4: unzip -t passes" unzip -tq "$T/$2.zip"
	unzip -Z1 "$T/$2.zip" 2>/dev/null | sort >"$T/$2.names"
	is "$4: one PNG per certificate, named by its number" \
	    "$(cat "$T/$2.names")" "$3"
}

# --- selected certificates, the print copy --------------------------------
SEL=$(mine "LIMIT 4")
# shellcheck disable=SC2086
is "4 selected confirmed certificates: 303" "$(submit z $SEL)" 303
J1=$(job_of)
check "(a job id: $J1)" test -n "$J1"
is "the job page (200)" "$(get z "/certs/jobs/$J1")" 200
has "the page has a progress bar" "$T/body" '<progress id="jobprogress" max="100"'
has "the page polls with jobs.js (no inline script)" "$T/body" \
    '<script src="/static/jobs.js"></script>'
check "job $J1 is done within 60 s" wait_state z "$J1" done 60
has "the state says 100%" "$T/state.json" '"percent":100'
has "the state counts 4 of 4" "$T/state.json" '"done":4,"total":4'
WANT=$(sql "SELECT CONCAT(number, '.png') FROM certificate WHERE id IN ($(echo $SEL | tr ' ' ,)) ORDER BY number")
zipcheck z "$J1" "$WANT" "selection"
unzip -p "$T/$J1.zip" "$(echo "$WANT" | head -n1)" >"$T/one.png"
is "each PNG is the 300 dpi print copy" "$(/usr/bin/python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print("%s %d x %d" % ((d[:8] == b"\x89PNG\r\n\x1a\n",) + struct.unpack(">II", d[16:24])))' "$T/one.png")" "True 3508 x 2480"
is "the job's SHA-256 is the file's" \
    "$(sql "SELECT file_sha256 FROM job WHERE id = $J1")" \
    "$(sha256sum "$T/$J1.zip" | cut -d' ' -f1)"
is "audited: the job's creation" \
    "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'job.zip' AND object_id = $J1")" 1
is "audited: the download" \
    "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'job.download' AND object_id = $J1")" 1
is "我的下载任务 (200)" "$(get z /certs/jobs)" 200
has "it lists the job" "$T/body" "href=\"/certs/jobs/$J1/download\""
is "one row per job of zcjy's, no empty row" \
    "$(grep -c 'href="/certs/jobs/[0-9]*">#' "$T/body")" \
    "$(sql "SELECT COUNT(*) FROM job WHERE account_id = (SELECT id FROM account WHERE login = 'zcjy')")"
hasnt "  (no link without a job id)" "$T/body" 'href="/certs/jobs/">'

# --- refusals: nothing is created -----------------------------------------
N0=$(njobs)
# shellcheck disable=SC2046
is "another organisation's certificate in the request: 404" \
    "$(submit z $(mine "LIMIT 2") "$OTHER")" 404
# shellcheck disable=SC2046
is "an unconfirmed certificate in the request: refused (409)" \
    "$(submit z $(mine "LIMIT 2") "$UNCONF")" 409
has "the refusal says why" "$T/body" "尚未确认签发"
is "a certificate id that does not exist: 404" "$(submit z 999999999)" 404
is "nothing selected: 400" "$(submit z)" 400
has "it says what to do" "$T/body" "请先勾选要下载的证书"
is "without the CSRF token: 403" "$(post z /certs/zip bad "id=$(mine "LIMIT 1")")" 403
is "no job was created by any refusal" "$(njobs)" "$N0"
is "the platform admin has no 批量下载 (404)" "$(login a admin)" 303
is "  admin: POST /certs/zip is not found" "$(submit a "$(mine "LIMIT 1")")" 404

# --- another user's job ---------------------------------------------------
for w in h p b; do
	is "$w: zcjy's job page is 404" "$(get "$w" "/certs/jobs/$J1")" 404
	is "$w: its state is 404" "$(get "$w" "/certs/jobs/$J1/state")" 404
	is "$w: its download is 404" "$(get "$w" "/certs/jobs/$J1/download")" 404
done
is "hxzz: 我的下载任务 (200)" "$(get h /certs/jobs)" 200
hasnt "hxzz's list does not show zcjy's job" "$T/body" "/certs/jobs/$J1\""

# --- the list's filter, by the institution --------------------------------
tok=$(page_token p /certs)
is "the principal: 按当前筛选批量下载 (303)" \
    "$(post p /certs/zip "$tok" all=1 fmt=screen)" 303
J2=$(job_of)
check "job $J2 is done within 60 s" wait_state p "$J2" done 60
WANT=$(sql "SELECT CONCAT(number, '.png') FROM certificate WHERE status = 'confirmed' AND institution_id = $INST ORDER BY number")
zipcheck p "$J2" "$WANT" "filter"
unzip -p "$T/$J2.zip" "$(echo "$WANT" | head -n1)" >"$T/two.png"
is "fmt=screen: 150 dpi" "$(/usr/bin/python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print("%d x %d" % struct.unpack(">II", d[16:24]))' "$T/two.png")" "1754 x 1240"
is "the business admin does not see the principal's job" \
    "$(get b "/certs/jobs/$J2")" 404

# --- a worker killed with SIGKILL mid-job ---------------------------------
ALL=$(mine "")
NALL=$(echo "$ALL" | wc -l)
# shellcheck disable=SC2086
is "a job of all $NALL confirmed certificates: 303" "$(submit z $ALL)" 303
J3=$(job_of)
pid=""
for _ in $(seq 1 150); do
	row=$(sql "SELECT CONCAT(state, ' ', done, ' ', IFNULL(worker, '')) FROM job WHERE id = $J3")
	set -- $row
	if [ "$1" = running ] && [ "$2" -ge 2 ]; then
		pid=$(echo "$3" | cut -d: -f2)
		break
	fi
	sleep 0.1
done
check "the job is running with 2+ certificates drawn (worker pid $pid)" test -n "$pid"
before=$(sql "SELECT done FROM job WHERE id = $J3")
kids=$(pgrep -P "$pid" | tr '\n' ' ')
check "(its renderers: $kids)" test -n "$kids"
check "(the worker is killed with SIGKILL)" kill -KILL "$pid"
# alive PID...: any of them still running (a zombie is dead).
alive() { ps -o stat= -p "$(echo $* | tr ' ' ,)" 2>/dev/null | grep -qv '^Z'; }
for _ in $(seq 1 20); do alive $kids || break; sleep 0.1; done
# shellcheck disable=SC2086
check "its renderers died with it" bash -c "! { ps -o stat= -p '$(echo $kids | tr ' ' ,)' | grep -qv '^Z'; }"
is "the job is still running (not done) right after the kill" \
    "$(sql "SELECT state FROM job WHERE id = $J3")" running
# A bound, not a timing: 23 print copies at 300 dpi on a loaded 2-core machine.
check "another worker finishes the job (within 300 s)" wait_state z "$J3" done 300
check "it was picked up again: 2+ attempts" \
    test "$(sql "SELECT attempts FROM job WHERE id = $J3")" -ge 2
check "(the killed worker had drawn $before)" test "$before" -ge 2
WANT=$(sql "SELECT CONCAT(number, '.png') FROM certificate WHERE id IN ($(echo $ALL | tr ' ' ,)) ORDER BY number")
zipcheck z "$J3" "$WANT" "after SIGKILL"
check "every PNG in the ZIP is whole (a PNG that decodes)" \
    /usr/bin/python3 -c '
import sys, zipfile, zlib, struct
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    d = z.read(n)
    assert d[:8] == b"\x89PNG\r\n\x1a\n", n
    o, idat = 8, b""
    while o < len(d):
        l, t = struct.unpack(">I4s", d[o:o + 8])
        if t == b"IDAT": idat += d[o + 8:o + 8 + l]
        o += 12 + l
    assert t == b"IEND", n
    zlib.decompress(idat)
' "$T/$J3.zip"
check "no temporary files are left in the jobs folder" \
    bash -c "! ls -a '$XC_VAR/jobs' | grep -q '^\.tmp-'"

# --- expiry -----------------------------------------------------------------
F=$(sql "SELECT file_name FROM job WHERE id = $J1")
check "(job $J1's file exists)" test -f "$XC_VAR/jobs/$F"
sql "UPDATE job SET expires_at = NOW() - INTERVAL 1 MINUTE WHERE id = $J1"
check "the worker marks it expired within 20 s" wait_state z "$J1" expired 20
check "and deletes its file" test ! -e "$XC_VAR/jobs/$F"
is "the job page (200)" "$(get z "/certs/jobs/$J1")" 200
has "it says 已过期" "$T/body" "已过期"
hasnt "no download link" "$T/body" "/certs/jobs/$J1/download"
is "the download is gone (410)" "$(get z "/certs/jobs/$J1/download")" 410
has "  saying the file expired" "$T/body" "已过期"
is "the other jobs' files are kept" \
    "$(sql "SELECT COUNT(*) FROM job WHERE state = 'done' AND id IN ($J2, $J3)")" 2
done_testing
