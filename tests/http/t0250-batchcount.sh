#!/bin/bash
# t0250-batchcount.sh: the counters of 证书发放管理 stay exact when a
# batch is counted once per statement (issue 13, 0025): after a
# generation (and one that finds nothing), a rejection and a re-issue,
# the organisation's and the site's batch signatures, a signature voided
# by a conflict, a failed signature (rolled back after its move), a
# replacement signed by both sides, certificate_count and
# certificate_count_org equal a GROUP BY of certificate, and every record
# carries its holder's 学生类型 and name.  The site's move stores each
# record's signed QR payload: it signs the record's number, 发证时间 and
# content hash.  Numbered after the suites that sign, so the last check
# covers what they did too.
. "$(dirname "$0")/lib.sh"
CIPH=$(real_cipher)
/usr/bin/python3 "$(dirname "$0")/mksig.py" "$T"

consistent() {	# label
	is "$1: the counters equal a recount, the copies their holders" \
	    "$(count_drift | tr '\n' ' ')" "0 0 0 0 0 "
}
# fail_when "TIMING EVENT" TABLE CONDITION: make the statement that
# writes such a row fail (a trigger that signals), until fail_end.
fail_when() {
	sql "DELIMITER //
	    CREATE TRIGGER t0250_fail $1 ON $2 FOR EACH ROW IF $3 THEN
	    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 't0250: a failure'; END IF//"
}
fail_end() { sql "DROP TRIGGER t0250_fail"; }
statuses() {	# the plan's statuses with their counts
	sql "SELECT GROUP_CONCAT(CONCAT(status, ':', n) ORDER BY status SEPARATOR ' ')
	    FROM (SELECT status, COUNT(*) n FROM certificate WHERE plan_id = $PLAN
	    GROUP BY status) x"
}
# request JAR ID...: a signing request for the ids, its id printed.
request() {
	local jar=$1 i a=()
	shift
	for i in "$@"; do a+=("id=$i"); done
	post "$jar" /certs/sign "$(page_token "$jar" /certs)" "${a[@]}" > "$T/code"
	location | sed -n 's#^.*/certs/sign/\([0-9]*\).*$#\1#p'
}
# pad JAR REQ: its signer signs request REQ on this screen; the status.
pad() {
	base64 -w0 "$T/line.png" > "$T/d.b64"
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$1" -c "$T/$1" \
	    -H "Origin: $B" --data-urlencode "_csrf=$(page_token "$1" "/certs/sign/$2")" \
	    --data-urlencode "sig@$T/d.b64" "$B/certs/sign/$2/here"
}
# churn N: N rejections and re-issues of record $R1 by the organisation,
# one request each (whichever process takes it), each checked on its own:
# a process left with a deferral set by a failure would not count its
# move.
churn() {
	local k bad=0
	for k in $(seq 1 "$1"); do
		post z /certs/reject "$(page_token z /certs)" "id=$R1" "reason=核对 $k" >/dev/null
		[ "$(count_drift | tr '\n' ' ')" = "0 0 0 0 0 " ] || bad=$((bad + 1))
		post z /certs/reissue "$(page_token z /certs)" "id=$R1" >/dev/null
		[ "$(count_drift | tr '\n' ' ')" = "0 0 0 0 0 " ] || bad=$((bad + 1))
	done
	is "record $R1 rejected and re-issued $1 times, each move counted" \
	    "$(sql "SELECT COUNT(*) FROM certificate_event WHERE certificate_id = $R1
	    AND event = 'reissue'") $bad" "$((CHURNED += $1, CHURNED + 1)) 0"
}

CHURNED=0
is "zcjy logs in" "$(login z zcjy)" 303
is "the principal of institution 1 logs in" "$(login p p21020000000000000000)" 303
consistent "before"

# --- a generation: 12 passed results, 4 of them 社会学员 ----------------------
tag=$$$RANDOM
PLAN=$(sql "INSERT INTO exam_plan (organisation_id, certificate_type_id,
    name, exam_date) VALUES (1, 2, 't0250 计数 $tag', CURDATE());
    SELECT LAST_INSERT_ID()")
sql "INSERT INTO exam_site (plan_id, institution_id) VALUES ($PLAN, 1)"
for n in $(seq 1 12); do
	sid=$(sql "INSERT INTO student (institution_id, name, gender, id_cipher,
	    id_hmac, id_mask, student_type) VALUES (1, '计数$tag-$n', '男',
	    UNHEX('$CIPH'), UNHEX(SHA2('t0250 $tag $n', 256)), '210202*****01$n',
	    IF($n % 3 = 0, '社会学员', '院校学生')); SELECT LAST_INSERT_ID()")
	sql "INSERT INTO registration (plan_id, student_id, institution_id)
	    VALUES ($PLAN, $sid, 1);
	    INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
	    VALUES ($PLAN, $sid, 1, '已通过', 70 + $n)"
done
# plan_row: the plan's 通过人数 and 已生成 on the generation form.
plan_row() {
	get z /certs/generate >/dev/null
	grep -A1 "t0250 计数 $tag<" "$T/body" | tail -n1 | grep -o '<td>[0-9]*</td>' |
	    tr -d '</td>' | tr '\n' ' '
}
is "the form: 12 passed, none generated" "$(plan_row)" "12 0 "
# A generation that fails at its 7th record, inside the counted batch.
fail_when "BEFORE INSERT" certificate "NEW.plan_id = $PLAN AND NEW.student_name = '计数$tag-7'"
is "a generation that fails midway (500)" "$(post z /certs/generate "$(page_token z /certs/generate)" "plan=$PLAN")" 500
fail_end
is "(made nothing)" "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $PLAN")" 0
consistent "after a failed generation"
is "generate: 303" "$(post z /certs/generate "$(page_token z /certs/generate)" "plan=$PLAN")" 303
mapfile -t R < <(sql "SELECT id FROM certificate WHERE plan_id = $PLAN ORDER BY id")
is "12 records" "${#R[@]}" 12
is "each with its holder's 学生类型 and name" "$(sql "SELECT COUNT(*) FROM certificate c
    JOIN student s ON s.id = c.student_id WHERE c.plan_id = $PLAN
    AND c.student_type = s.student_type AND c.student_name = s.name
    AND s.name LIKE '计数$tag-%'")" 12
is "the counters: 8 院校学生 and 4 社会学员 awaiting the organisation" \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(student_type, ':', n) ORDER BY student_type)
    FROM certificate_count WHERE plan_id = $PLAN AND status = 'org_pending'")" \
    "院校学生:8,社会学员:4"
consistent "after a generation"
is "the form: 12 passed, 12 generated" "$(plan_row)" "12 12 "
is "generating again: 303" "$(post z /certs/generate "$(page_token z /certs/generate)" "plan=$PLAN")" 303
is "(makes nothing)" "$(sql "SELECT COUNT(*) FROM certificate WHERE plan_id = $PLAN")" 12
consistent "after a generation that finds nothing"

# --- a rejection and a re-issue (one record, the triggers count it) ---------
R1=${R[11]}
is "the organisation rejects a record" "$(post z /certs/reject "$(page_token z /certs)" "id=$R1" "reason=照片不清晰")" 303
consistent "after a rejection"
is "and re-issues it" "$(post z /certs/reissue "$(page_token z /certs)" "id=$R1")" 303
consistent "after a re-issue"

# --- the organisation's batch signature of 10 --------------------------------
Q=$(request z "${R[@]:0:10}")
is "the organisation's request for 10" "$(cat "$T/code")" 303
is "signed on this screen" "$(pad z "$Q")" 303
is "(10 考核站点待签发, 2 培训评价组织待签发)" "$(statuses)" "org_pending:2 site_pending:10"
consistent "after the organisation's batch signature"

# --- the site: a request voided by a conflict -------------------------------
Q=$(request p "${R[@]:0:10}")
is "the principal's request for the 10" "$(cat "$T/code")" 303
is "the principal rejects one of them meanwhile" "$(post p /certs/reject "$(page_token p /certs)" "id=${R[2]}" "reason=姓名有误")" 303
is "the signature: refused (409)" "$(pad p "$Q")" 409
is "(the request in conflict, nothing confirmed)" "$(sql "SELECT state FROM signing_request WHERE id = $Q") $(statuses)" \
    "conflict org_pending:2 site_pending:9 site_rejected:1"
consistent "after a conflict"
is "the organisation re-issues it" "$(post z /certs/reissue "$(page_token z /certs)" "id=${R[2]}")" 303
consistent "after the re-issue of a site rejection"

# --- signatures that fail, in their move and after it: all rolled back -----
Q=$(request p "${R[@]:0:10}")
is "a new request for the 10" "$(cat "$T/code")" 303
# failed WHERE: the site's signature fails where said; all rolled back.
failed() {
	is "the signature fails $1 (500)" "$(pad p "$Q")" 500
	fail_end
	is "(nothing confirmed, the request still open)" \
	    "$(statuses) $(sql "SELECT state FROM signing_request WHERE id = $Q")" \
	    "org_pending:2 site_pending:10 open"
	consistent "after a signature failed $1"
}
fail_when "BEFORE UPDATE" certificate "NEW.id = ${R[9]} AND NEW.status = 'confirmed'"
failed "in its move"
churn 4
fail_when "BEFORE INSERT" certificate_event "NEW.event = 'site_sign'"
failed "after its move"

# --- the site's batch signature ---------------------------------------------
DAY=$(date -u -d '+8 hours' +%F)
is "signed now" "$(pad p "$Q")" 303
is "(10 确认签发)" "$(statuses)" "org_pending:2 confirmed:10"
consistent "after the site's batch signature"
churn 2
# Each confirmed record's QR payload, decoded: its number, its 发证时间
# (today, the platform's date) and its content hash, signed by the key.
sql "SELECT number, DATE_FORMAT(issued_on, '%Y-%m-%d'), canon_sha256, qr_payload
    FROM certificate WHERE plan_id = $PLAN AND status = 'confirmed'" > "$T/qr.tsv"
is "every confirmed record: 发证时间 today and a QR payload that signs it" \
    "$(/usr/bin/python3 "$(dirname "$0")/qrfields.py" "$T/qr.tsv" "$DAY")" "10 0"
get v /verify >/dev/null
is "the public check of one QR payload: 200" \
    "$(get v "/verify/q/$(sql "SELECT qr_payload FROM certificate WHERE id = ${R[0]}")")" 200
has "(valid, with its number)" "$T/body" "$(sql "SELECT number FROM certificate WHERE id = ${R[0]}")"

# --- a replacement, signed by both sides: the original 已被替换 ---------------
is "the organisation replaces a confirmed record" "$(sigpost z "/certs/${R[0]}/replace" "$T/line.png" "reason=证书信息有误")" 303
N=$(sql "SELECT id FROM certificate WHERE replaces_id = ${R[0]}")
consistent "after a replacement is made"
is "the organisation signs it" "$(pad z "$(request z "$N")")" 303
is "the principal signs it" "$(pad p "$(request p "$N")")" 303
is "(the replacement confirmed, the original 已被替换)" "$(sql "SELECT n.status, o.status FROM certificate n
    JOIN certificate o ON o.id = n.replaces_id WHERE n.id = $N" | tr '\t' ' ')" "confirmed replaced"
consistent "after a replacement is signed"
done_testing
