#!/bin/bash
# gen.sh VAR: national-scale benchmark data on top of the demo data of the
# stack under VAR (started with `deploy/stack.sh start VAR PORT demo`).
#
#   20 organisations, 500 institutions (each an assessment site), 5
#   certificate types per organisation, 100 exam plans (one per type) at
#   50 sites each, BENCH_ROWS (default 1,000,000) students spread evenly
#   over the institutions, one registration and passed result each (and
#   a failed or absent second one for every 20th), seals for every
#   organisation and principal, and one certificate per passed result in
#   every state, with valid 23-digit numbers (fcgi/common/certno.h).
#
# Everything is made by multi-row INSERT ... SELECT over the Sequence
# engine.  The ID numbers are synthetic but valid (GB 11643 check digit),
# and their blind index is the real HMAC-SHA-256 under the stack's
# ID_HMAC_KEY, computed in SQL from SHA2 (RFC 2104), so the public
# verification finds them.  The ciphertexts are random bytes: pages that
# decrypt an ID number fail for these rows.  Scratch tables live in the
# schema xcbench_tmp, dropped at the end.  Writes VAR/bench/pairs.tsv
# (certificate number, ID number of the holder, of confirmed
# certificates) and VAR/bench/wrong.tsv (number, someone else's ID) for
# bench/wrk.sh.  Refuses to run twice on one database.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$(cd "${1:?usage: gen.sh VAR}" && pwd)
N=${BENCH_ROWS:-1000000}
NORG=20 NINST=500 NPLAN=100
SOCK=$VAR/run/db.sock
[ "$N" -ge 5000 ] || { echo "gen: BENCH_ROWS must be at least 5000" >&2; exit 2; }

sql() { mariadb --no-defaults -S "$SOCK" -uroot xcert -N -B "$@"; }
now() { date +%s.%N; }
T0=$(now)
step_t=$T0
step() {	# label: time of the step just finished
	local t
	t=$(now)
	awk -v l="$1" -v a="$step_t" -v b="$t" \
	    'BEGIN { printf "   %-44s %6.1f s\n", l, b - a }'
	step_t=$t
}

if [ -n "$(sql -e "SELECT 1 FROM organisation WHERE code LIKE '91____'
    LIMIT 1")" ]; then
	echo "gen: benchmark data already present in $VAR" >&2
	exit 1
fi
KEY=$(sed -n 's/^ID_HMAC_KEY=//p' "$VAR/secrets")
[ ${#KEY} = 64 ] || { echo "gen: no ID_HMAC_KEY in $VAR/secrets" >&2; exit 1; }
# HMAC-SHA-256 with a 32-byte key: the key padded to 64 bytes, XORed
# with 0x36 (inner) and 0x5c (outer).
read -r IPAD OPAD < <(/usr/bin/python3 -c '
import sys
k = bytes.fromhex(sys.argv[1]).ljust(64, b"\0")
print(bytes(b ^ 0x36 for b in k).hex(), bytes(b ^ 0x5c for b in k).hex())' "$KEY")
hmac() { echo "UNHEX(SHA2(CONCAT(X'$OPAD', UNHEX(SHA2(CONCAT(X'$IPAD',
    CAST($1 AS BINARY)), 256))), 256))"; }

# A seal: a small valid PNG (a red ring on transparent ground).
SEAL=$(/usr/bin/python3 -c '
import struct, zlib
w = h = 160
rows = bytearray()
for y in range(h):
    rows.append(0)
    for x in range(w):
        d = ((x - 80) ** 2 + (y - 80) ** 2) ** 0.5
        rows += bytes((200, 16, 16, 255)) if 62 <= d <= 74 or d < 12 \
            else bytes(4)
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + \
        struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h,
    8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + \
    chunk(b"IEND", b"")
print(png.hex())')

# The Damm table of fcgi/common/certno.c, and a join chain folding the
# digits of a string expression through it: damm_fold EXPR LEN START ALIAS
DAMM="0317598642 7092154863 4206871359 1750983426 6123045978 3674209581
5869720134 8945362017 9438617205 2581436790"
damm_fold() {
	local e=$1 n=$2 s=$3 a=$4 k prev out=""
	for k in $(seq 1 "$n"); do
		if [ "$k" = 1 ]; then prev=$s; else prev="$a$((k - 1)).r"; fi
		out="$out JOIN xcbench_tmp.damm $a$k ON $a$k.s = $prev AND
		    $a$k.x = CAST(SUBSTR($e, $k, 1) AS UNSIGNED)"
	done
	echo "$out"
}

echo "== generating $N certificates on $VAR"
sql -e "DROP DATABASE IF EXISTS xcbench_tmp; CREATE DATABASE xcbench_tmp"
sql -e "CREATE TABLE xcbench_tmp.damm (s TINYINT UNSIGNED, x TINYINT UNSIGNED,
	r TINYINT UNSIGNED, PRIMARY KEY (s, x))"
vals="" i=0
for row in $DAMM; do
	for j in $(seq 0 9); do
		vals="$vals${vals:+,}($i,$j,${row:$j:1})"
	done
	i=$((i + 1))
done
sql -e "INSERT INTO xcbench_tmp.damm VALUES $vals"

# Organisations 91xxxx, their staff, five types and five plans each.
sql -e "
SET @pw = (SELECT pw_hash FROM account WHERE login = 'admin');
INSERT INTO organisation (code, name)
SELECT CONCAT('91', LPAD(seq, 4, '0')), CONCAT(ELT(seq, '华夏', '东方',
	'长城', '神州', '九州', '远航', '金桥', '启明', '博雅', '蓝天',
	'天工', '智联', '鲁班', '明德', '致远', '恒信', '同创', '新锐',
	'卓越', '弘毅'), '职业教育科技有限公司')
FROM seq_1_to_$NORG;
CREATE TABLE xcbench_tmp.org (o INT PRIMARY KEY, id BIGINT UNSIGNED,
	code CHAR(6), name VARCHAR(100), acct BIGINT UNSIGNED)
SELECT CAST(SUBSTR(code, 3) AS UNSIGNED) - 1 AS o, id, code, name,
	NULL AS acct FROM organisation WHERE code LIKE '91____';
INSERT INTO account (login, display_name, role, organisation_id, pw_hash)
SELECT CONCAT('borg', LPAD(o, 2, '0')), CONCAT('基准组织员', o), 'org', id, @pw
FROM xcbench_tmp.org;
UPDATE xcbench_tmp.org g JOIN account a ON a.organisation_id = g.id
SET g.acct = a.id;
INSERT INTO certificate_type (organisation_id, code, name, level)
SELECT g.id, 100 + t.seq, CONCAT(ELT(t.seq, '工业机器人操作与运维',
	'网络系统建设与运维', '智能财税', 'Web前端开发', '物流管理'),
	'职业技能等级证书'), ELT(1 + (t.seq - 1) % 3, '初级', '中级', '高级')
FROM xcbench_tmp.org g JOIN seq_1_to_5 t;
CREATE TABLE xcbench_tmp.plan (p INT PRIMARY KEY, id BIGINT UNSIGNED,
	org_id BIGINT UNSIGNED, type_id BIGINT UNSIGNED, year INT,
	exam_date DATE, prefix CHAR(14), state TINYINT UNSIGNED)
SELECT g.o * 5 + (t.code - 101) AS p, NULL AS id, g.id AS org_id,
	t.id AS type_id, 2021 + g.o % 5 AS year,
	MAKEDATE(2021 + g.o % 5, 1) + INTERVAL (t.code % 4) * 3 + 3 MONTH
	    + INTERVAL 14 DAY AS exam_date,
	CONCAT(g.code, t.code, t.level + 0, 2021 + g.o % 5) AS prefix,
	NULL AS state
FROM xcbench_tmp.org g JOIN certificate_type t ON t.organisation_id = g.id;
INSERT INTO exam_plan (organisation_id, certificate_type_id, name, exam_date)
SELECT x.org_id, x.type_id, CONCAT(YEAR(x.exam_date), '年',
	MONTH(x.exam_date), '月考试计划', t.name, t.level), x.exam_date
FROM xcbench_tmp.plan x JOIN certificate_type t ON t.id = x.type_id
ORDER BY x.p;
UPDATE xcbench_tmp.plan x JOIN exam_plan p ON p.certificate_type_id = x.type_id
SET x.id = p.id;
UPDATE xcbench_tmp.plan x JOIN (SELECT x.p, d14.r FROM xcbench_tmp.plan x
	$(damm_fold x.prefix 14 0 d)) f ON f.p = x.p SET x.state = f.r;
INSERT INTO certificate_serial (organisation_id, certificate_type_id, year,
	next_serial)
SELECT org_id, type_id, year, ($N - 1) DIV 5000 * 50 + 51
FROM xcbench_tmp.plan"
step "organisations, types, plans"

# Institutions 9xxxxxxxxxxxxxxxxxxx with their principals and seals; each
# plan p is held at the 50 institutions i with i % 10 = p % 10.
sql -e "
SET @pw = (SELECT pw_hash FROM account WHERE login = 'admin');
INSERT INTO institution (code, name, region, site_principal_name,
	site_principal_title)
SELECT CONCAT('9', LPAD(seq, 19, '0')), CONCAT(ELT(1 + seq % 10, '北京',
	'上海', '广州', '深圳', '南京', '杭州', '武汉', '成都', '济南', '西安'),
	ELT(1 + seq DIV 10 % 5, '交通', '工业', '信息', '建筑', '商贸'),
	'职业技术学院', seq), ELT(1 + seq % 10, '北京市', '上海市', '广东省广州市',
	'广东省深圳市', '江苏省南京市', '浙江省杭州市', '湖北省武汉市',
	'四川省成都市', '山东省济南市', '陕西省西安市'),
	CONCAT(ELT(1 + seq % 7, '王', '李', '张', '刘', '陈', '杨', '赵'),
	ELT(1 + seq % 5, '建国', '志强', '文华', '海燕', '立新')),
	ELT(1 + seq % 3, '校长', '副校长', '常务副校长')
FROM seq_1_to_$NINST;
CREATE TABLE xcbench_tmp.inst (i INT PRIMARY KEY, id BIGINT UNSIGNED,
	code CHAR(20), name VARCHAR(100), acct BIGINT UNSIGNED)
SELECT CAST(SUBSTR(code, 2) AS UNSIGNED) - 1 AS i, id, code, name,
	NULL AS acct FROM institution WHERE code LIKE '9%';
INSERT INTO account (login, display_name, role, institution_id, pw_hash)
SELECT CONCAT('p', code), CONCAT('负责人', i), 'principal', id, @pw
FROM xcbench_tmp.inst;
UPDATE xcbench_tmp.inst x JOIN account a ON a.principal_of = x.id
SET x.acct = a.id;
CREATE TABLE xcbench_tmp.png (png MEDIUMBLOB) SELECT X'$SEAL' AS png;
INSERT INTO seal (owner_type, owner_id, version, png, sha256, width, height,
	variant, letter_version, consent_account_id, consent_ip)
SELECT 'organisation', g.id, 1, p.png, SHA2(p.png, 256), 160, 160,
	'cleaned', 1, g.acct, '127.0.0.1'
FROM xcbench_tmp.org g JOIN xcbench_tmp.png p
UNION ALL
SELECT 'institution', x.id, 1, p.png, SHA2(p.png, 256), 160, 160,
	'cleaned', 1, x.acct, '127.0.0.1'
FROM xcbench_tmp.inst x JOIN xcbench_tmp.png p;
INSERT INTO exam_site (plan_id, institution_id)
SELECT p.id, x.id FROM xcbench_tmp.plan p JOIN xcbench_tmp.inst x
	ON x.i % 10 = p.p % 10"
step "institutions, principals, seals, sites"

# One row per student n: institution n % 500, plan, serial within the
# plan (unique: n = 5000 k + 500 j + i), a valid ID number (region,
# birth date, order, GB 11643 check digit) and the certificate's state.
W="7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2" k=0 sum=""
for w in $W; do
	k=$((k + 1))
	sum="$sum${sum:+ + }$w * SUBSTR(s17, $k, 1)"
done
sql -e "
CREATE TABLE xcbench_tmp.sid (n INT UNSIGNED PRIMARY KEY, i INT, p INT,
	serial INT, m INT, idno CHAR(18))
SELECT n, i, p, serial, m,
	CONCAT(s17, SUBSTR('10X98765432', ($sum) % 11 + 1, 1)) AS idno
FROM (SELECT seq AS n, seq % $NINST AS i,
	(seq % $NINST + 10 * (seq DIV $NINST % 10)) % $NPLAN AS p,
	seq DIV 5000 * 50 + seq % $NINST DIV 10 + 1 AS serial,
	seq * 7919 % 1000 AS m,
	CONCAT(ELT(1 + seq DIV 7 % 8, '110105', '310104', '440305', '320102',
	    '330106', '420102', '510104', '370102'),
	    DATE_FORMAT('2000-01-01' + INTERVAL seq DIV 1000 DAY, '%Y%m%d'),
	    LPAD(seq % 1000, 3, '0')) AS s17
    FROM seq_0_to_$((N - 1))) q"
step "ID numbers (scratch)"

# The per-row counters of 0019 (org_student, student_hmac_count) are
# counted once after the bulk load, not row by row (their triggers made
# the students' insert several times slower): the two insert triggers
# are set aside here and put back as they were after the registrations.
COUNTED="'student_hmac_count_ins', 'org_student_ins'"
mkdir -p "$VAR/bench"
sql --raw -e "SELECT CONCAT('CREATE TRIGGER ', TRIGGER_NAME, ' ',
    ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON ', EVENT_OBJECT_TABLE,
    ' FOR EACH ROW ', ACTION_STATEMENT, '//')
    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'xcert'
    AND TRIGGER_NAME IN ($COUNTED)" > "$VAR/bench/triggers.sql"
[ "$(grep -c '^CREATE TRIGGER' "$VAR/bench/triggers.sql")" = 2 ] ||
    { echo "gen: the triggers of 0019 are not in place" >&2; exit 1; }
sql -e "DROP TRIGGER student_hmac_count_ins; DROP TRIGGER org_student_ins"

SBASE=$(sql -e "SELECT IFNULL(MAX(id), 0) FROM student")
# Every generated student carries a seeded student's ID ciphertext (GCM
# cannot be made in SQL): the print copies then decrypt and draw (they show
# the number masked, as it does not match the frozen one); without demo
# data, random bytes, and their 300 dpi copies fail.
CIPH=$(sql -e "SELECT IFNULL(HEX(MIN(id_cipher)), '') FROM student WHERE id = (SELECT MIN(id) FROM student)")
CIPHER_SQL=$([ -n "$CIPH" ] && echo "UNHEX('$CIPH')" || echo "RANDOM_BYTES(46)")
sql -e "
INSERT INTO student (institution_id, name, gender, id_type, id_cipher,
	id_hmac, id_mask, student_type, phone, major, class_name)
SELECT x.id, CONCAT(ELT(1 + s.n % 20, '王', '李', '张', '刘', '陈', '杨',
	'赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭',
	'马', '罗'), ELT(1 + s.n DIV 20 % 31, '伟', '芳', '娜', '秀英', '敏',
	'静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
	'超', '秀兰', '霞', '平', '刚', '桂英', '浩然', '子涵', '雨轩', '欣怡',
	'宇航', '思远', '嘉怡', '俊杰')), IF(s.n % 2, '男', '女'), '居民身份证',
	$CIPHER_SQL, $(hmac s.idno),
	CONCAT(LEFT(s.idno, 6), '*****', RIGHT(s.idno, 4)),
	IF(s.n % 9 = 8, '社会学员', '院校学生'),
	CONCAT('139', LPAD(s.n, 8, '0')), '智能制造', CONCAT(s.n % 40 + 1, '班')
FROM xcbench_tmp.sid s JOIN xcbench_tmp.inst x ON x.i = s.i ORDER BY s.n"
got=$(sql -e "SELECT COUNT(*), MIN(id) - $SBASE - 1, MAX(id) - $SBASE - 1
    FROM student WHERE id > $SBASE")
[ "$got" = "$N	0	$((N - 1))" ] ||
    { echo "gen: student ids are not consecutive ($got)" >&2; exit 1; }
step "students"

# Registrations and results: everyone passed their plan; every 20th also
# sat plan p + 10 (same sites) and failed or was absent.
RBASE=$(sql -e "SELECT IFNULL(MAX(id), 0) FROM exam_result")
sql -e "
INSERT INTO registration (plan_id, student_id, institution_id)
SELECT p.id, $SBASE + 1 + s.n, x.id
FROM xcbench_tmp.sid s JOIN xcbench_tmp.plan p ON p.p = s.p
	JOIN xcbench_tmp.inst x ON x.i = s.i
UNION ALL
SELECT p.id, $SBASE + 1 + s.n, x.id
FROM xcbench_tmp.sid s JOIN xcbench_tmp.plan p ON p.p = (s.p + 10) % $NPLAN
	JOIN xcbench_tmp.inst x ON x.i = s.i WHERE s.n % 20 = 0"
step "registrations"
sql -e "
DELETE FROM student_hmac_count;
INSERT INTO student_hmac_count (id_hmac, n)
SELECT id_hmac, COUNT(*) FROM student GROUP BY id_hmac;
DELETE FROM org_student;
INSERT INTO org_student (organisation_id, institution_id, student_id, n)
SELECT p.organisation_id, s.institution_id, r.student_id, COUNT(*)
FROM registration r JOIN exam_plan p ON p.id = r.plan_id
JOIN student s ON s.id = r.student_id
GROUP BY p.organisation_id, s.institution_id, r.student_id"
{ echo 'DELIMITER //'; cat "$VAR/bench/triggers.sql"; echo 'DELIMITER ;'; } |
    sql
[ "$(sql -e "SELECT COUNT(*) FROM information_schema.TRIGGERS
    WHERE TRIGGER_SCHEMA = 'xcert' AND TRIGGER_NAME IN ($COUNTED)")" = 2 ] ||
    { echo "gen: the triggers of 0019 were not put back" >&2; exit 1; }
rm -f "$VAR/bench/triggers.sql"
step "org_student, student_hmac_count (recounted)"
sql -e "
INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
SELECT p.id, $SBASE + 1 + s.n, x.id, '已通过', 60 + s.n % 80 / 2
FROM xcbench_tmp.sid s JOIN xcbench_tmp.plan p ON p.p = s.p
	JOIN xcbench_tmp.inst x ON x.i = s.i ORDER BY s.n;
INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
SELECT p.id, $SBASE + 1 + s.n, x.id, IF(s.n % 40, '未通过', '缺考'),
	IF(s.n % 40, 30 + s.n % 50 / 2, NULL)
FROM xcbench_tmp.sid s JOIN xcbench_tmp.plan p ON p.p = (s.p + 10) % $NPLAN
	JOIN xcbench_tmp.inst x ON x.i = s.i WHERE s.n % 20 = 0"
got=$(sql -e "SELECT COUNT(*) FROM exam_result WHERE id BETWEEN $RBASE + 1
    AND $RBASE + $N AND student_id = id - $RBASE + $SBASE")
[ "$got" = "$N" ] || { echo "gen: result ids are not consecutive" >&2; exit 1; }
step "exam results"

# Check digits of every (state after the prefix, serial) pair.
MAXS=$(( (N - 1) / 5000 * 50 + 50 ))
sql -e "
CREATE TABLE xcbench_tmp.chk (s TINYINT UNSIGNED, serial INT, d TINYINT,
	PRIMARY KEY (s, serial))
SELECT st.seq AS s, q.seq AS serial, c8.r AS d
FROM seq_0_to_9 st JOIN seq_1_to_$MAXS q
	$(damm_fold "LPAD(q.seq, 8, '0')" 8 st.seq c)"
step "check digits"

# Certificates: m = n * 7919 % 1000 spreads the states evenly over
# institutions and plans: 10% site_pending, 5% org_pending, 1% each
# rejected, 0.2% revoked, 0.1% replaced, the rest confirmed.  The
# canonical content is canon_json()'s bytes (fcgi/common/canon.c).
# Chunks keep each transaction's undo log small.
ST="CASE WHEN s.m < 100 THEN 'site_pending' WHEN s.m < 150 THEN 'org_pending'
	WHEN s.m < 160 THEN 'org_rejected' WHEN s.m < 170 THEN 'site_rejected'
	WHEN s.m < 172 THEN 'revoked' WHEN s.m < 173 THEN 'replaced'
	ELSE 'confirmed' END"
SIGNED="(s.m < 100 OR s.m >= 160)"
DONE="(s.m >= 170)"
CHUNK=200000
for lo in $(seq 0 $CHUNK $((N - 1))); do
	sql -e "
INSERT INTO certificate (number, result_id, student_id, institution_id,
	site_id, organisation_id, certificate_type_id, plan_id, status,
	issued_on, canon, canon_sha256, reject_reason, org_signed_at,
	site_signed_at, org_seal_id, site_seal_id)
SELECT z.number, z.result_id, z.student_id, z.inst_id, z.inst_id, z.org_id,
	z.type_id, z.plan_id, z.status, z.issued_on, z.canon, SHA2(z.canon, 256),
	z.reason, z.org_signed, z.site_signed, z.org_seal, z.site_seal
FROM (SELECT CONCAT(p.prefix, LPAD(s.serial, 8, '0'), c.d) AS number,
	$RBASE + 1 + s.n AS result_id, st.id AS student_id, x.id AS inst_id,
	p.org_id, p.type_id, p.id AS plan_id, $ST AS status,
	IF($DONE, p.exam_date + INTERVAL 60 DAY, NULL) AS issued_on,
	CONCAT('{\"v\":1,\"number\":\"', CONCAT(p.prefix, LPAD(s.serial, 8, '0'),
	    c.d), '\",\"holder\":{\"name\":\"', st.name, '\",\"gender\":\"',
	    st.gender, '\",\"id_type\":\"', st.id_type, '\",\"id_hmac\":\"',
	    LOWER(HEX(st.id_hmac)), '\",\"id_mask\":\"', st.id_mask,
	    '\"},\"certificate\":{\"name\":\"', t.name, '\",\"level\":\"',
	    t.level, '\"},\"organisation\":{\"id\":', g.id, ',\"name\":\"',
	    g.name, '\"},\"institution\":{\"id\":', x.id, ',\"code\":\"', x.code,
	    '\",\"name\":\"', x.name, '\"},\"site\":{\"id\":', x.id,
	    ',\"code\":\"', x.code, '\",\"name\":\"', x.name,
	    '\"},\"plan\":{\"id\":', p.id, ',\"name\":\"', pl.name,
	    '\"},\"result\":{\"status\":\"', r.status, '\",\"score\":\"',
	    IFNULL(r.score, ''), '\"}}') AS canon,
	CASE WHEN s.m BETWEEN 150 AND 159 THEN '证书名称与考试计划不符，请核对'
	    WHEN s.m BETWEEN 160 AND 169 THEN '学生姓名与身份证不一致，请核对'
	    ELSE '' END AS reason,
	IF($SIGNED, p.exam_date + INTERVAL 40 DAY, NULL) AS org_signed,
	IF($DONE, p.exam_date + INTERVAL 55 DAY, NULL) AS site_signed,
	IF($DONE, so.id, NULL) AS org_seal, IF($DONE, si.id, NULL) AS site_seal
    FROM xcbench_tmp.sid s
	JOIN xcbench_tmp.plan p ON p.p = s.p
	JOIN xcbench_tmp.inst x ON x.i = s.i
	JOIN xcbench_tmp.org g ON g.id = p.org_id
	JOIN xcbench_tmp.chk c ON c.s = p.state AND c.serial = s.serial
	JOIN student st ON st.id = $SBASE + 1 + s.n
	JOIN exam_result r ON r.id = $RBASE + 1 + s.n
	JOIN certificate_type t ON t.id = p.type_id
	JOIN exam_plan pl ON pl.id = p.id
	JOIN seal so ON so.owner_type = 'organisation' AND so.owner_id = g.id
	    AND so.version = 1
	JOIN seal si ON si.owner_type = 'institution' AND si.owner_id = x.id
	    AND si.version = 1
    WHERE s.n BETWEEN $lo AND $((lo + CHUNK - 1))) z"
done
step "certificates"

# A few open correction flags (待完善) on students whose certificate the
# organisation rejected, as the flow leads there.
sql -e "
INSERT INTO correction_flag (student_id, institution_id, organisation_id,
	field, note, deadline, created_by)
SELECT c.student_id, c.institution_id, c.organisation_id, 'name',
	'姓名与身份证不一致，请核对', CURDATE() + INTERVAL 7 DAY, g.acct
FROM certificate c JOIN xcbench_tmp.org g ON g.id = c.organisation_id
WHERE c.status = 'org_rejected' AND c.student_id % 10 = 0"
step "correction flags"

# The benchmark's lookup pairs: confirmed certificates with the holder's
# ID number, and the same numbers with another student's ID number.
mkdir -p "$VAR/bench"
sql -e "
SELECT c.number, s.idno FROM xcbench_tmp.sid s
	JOIN certificate c ON c.result_id = $RBASE + 1 + s.n
WHERE c.status = 'confirmed' AND s.n % 7 = 3 ORDER BY RAND() LIMIT 10000" \
    > "$VAR/bench/pairs.tsv"
sql -e "
SELECT c.number, o.idno FROM xcbench_tmp.sid s
	JOIN certificate c ON c.result_id = $RBASE + 1 + s.n
	JOIN xcbench_tmp.sid o ON o.n = (s.n + 1) % $N
WHERE c.status = 'confirmed' AND s.n % 7 = 4 ORDER BY RAND() LIMIT 10000" \
    > "$VAR/bench/wrong.tsv"
step "lookup pairs"

# Checks: Damm digits and blind indexes of a sample, the counters.
sql -e "SELECT number FROM certificate WHERE id % 97 = 5
    AND organisation_id IN (SELECT id FROM xcbench_tmp.org) ORDER BY RAND()
    LIMIT 1000" > "$VAR/bench/numbers.txt"
SAMPLE="0, 1, 2, 4999, $((N / 2)), $((N - 1))"
sql -e "SELECT LOWER(HEX(s.id_hmac)) FROM xcbench_tmp.sid x
    JOIN student s ON s.id = $SBASE + 1 + x.n WHERE x.n IN ($SAMPLE)
    ORDER BY x.n" > "$VAR/bench/hmac-db.txt"
sql -e "SELECT idno FROM xcbench_tmp.sid WHERE n IN ($SAMPLE) ORDER BY n" \
    > "$VAR/bench/hmac-id.txt"
/usr/bin/python3 - "$VAR/bench" "$KEY" <<'EOF'
import hmac, hashlib, sys
d, key = sys.argv[1], bytes.fromhex(sys.argv[2])
T = ["0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
     "3674209581", "5869720134", "8945362017", "9438617205", "2581436790"]
def damm(s):
    c = 0
    for ch in s:
        c = int(T[c][int(ch)])
    return c
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idok(s):
    return "10X98765432"[sum(int(a) * w for a, w in zip(s, W)) % 11] == s[17]
nums = open(d + "/numbers.txt").read().split()
bad = [x for x in nums if len(x) != 23 or damm(x) != 0]
ids = [l.split("\t")[1] for l in open(d + "/pairs.tsv").read().splitlines()]
badid = [x for x in ids if not idok(x)]
want = [hmac.new(key, i.encode(), hashlib.sha256).hexdigest()
        for i in open(d + "/hmac-id.txt").read().split()]
got = open(d + "/hmac-db.txt").read().split()
print("   check: %d numbers, %d bad Damm digits; %d ID numbers, %d bad check "
      "digits; %d blind indexes, %d differ from Python's HMAC" %
      (len(nums), len(bad), len(ids), len(badid), len(want),
       sum(a != b for a, b in zip(want, got)) + abs(len(want) - len(got))))
sys.exit(1 if bad or badid or want != got or not nums else 0)
EOF
rm -f "$VAR/bench/numbers.txt" "$VAR/bench/hmac-db.txt" \
    "$VAR/bench/hmac-id.txt"
cnt=$(sql -e "SELECT (SELECT SUM(n) FROM certificate_count),
    (SELECT COUNT(*) FROM certificate)")
bystatus=$(sql -e "SELECT x.status, x.n, IFNULL(y.n, 0) FROM
    (SELECT status, COUNT(*) n FROM certificate GROUP BY status) x LEFT JOIN
    (SELECT status, SUM(n) n FROM certificate_count GROUP BY status) y
    ON y.status = x.status")
echo "   certificate_count: $(echo "$cnt" | cut -f1) counted, $(echo "$cnt" |
    cut -f2) certificates"
echo "$bystatus" | awk '{ printf "     %-14s %8d (counter %d)\n", $1, $2, $3 }'
echo "$bystatus" | awk '$2 != $3 { bad = 1 } END { exit bad }' &&
    [ "$(echo "$cnt" | cut -f1)" = "$(echo "$cnt" | cut -f2)" ] ||
    { echo "gen: certificate_count disagrees with the certificates" >&2; exit 1; }
step "checks"

sql -e "DROP DATABASE xcbench_tmp"
sql -e "ANALYZE TABLE organisation, institution, account, certificate_type,
    exam_plan, exam_site, student, registration, exam_result, seal,
    certificate, certificate_count, certificate_serial, correction_flag,
    org_student, student_hmac_count" >/dev/null
step "ANALYZE TABLE"
step_t=$T0 step "total"
echo "   database on disk: $(du -sh "$VAR/db" | cut -f1)"
