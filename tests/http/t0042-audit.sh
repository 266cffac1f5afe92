#!/bin/bash
# t0042-audit.sh: the platform admin's page verifies the hash-chained audit
# log and names the first broken link, as `xadmin audit-verify` does; the
# chain is broken here as root (past the append-only triggers) and mended.
. "$(dirname "$0")/lib.sh"

X="$XC_ROOT/bin/xadmin"
xv() { (cd "$XC_ROOT" && XC_VAR=$XC_VAR "$X" audit-verify); }
# as_root SQL: run SQL with the append-only triggers dropped, then put
# them back exactly as the schema has them (one statement each).
as_root() {
	sql "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; $1;
	CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
	    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
	CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
	    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'"
}
# broken_at SEQ KIND: the page and the command both name SEQ and KIND.
broken_at() {
	is "page: $2 at seq $1 (200)" "$(get a /admin/audit)" 200
	has "page: names seq $1" "$T/body" "第一个断点在序号 <b class=\"mono\">$1</b>"
	has "page: says $2" "$T/body" "($2)"
	hasnt "page: not intact" "$T/body" "审计日志链完整"
	is "xadmin names seq $1: $2" "$(xv | sed 's/ (.*//')" "audit chain broken at seq $1: $2"
}
intact() {
	is "page answers ($1)" "$(get a /admin/audit)" 200
	has "page: the chain is intact ($1)" "$T/body" "审计日志链完整"
	hasnt "page: no break named ($1)" "$T/body" "第一个断点"
	case $(xv) in "audit chain ok"*) ok "xadmin: ok ($1)";; *) nok "xadmin: ok ($1): $(xv)";; esac
}

# Everyone else gets 404 (the route exists only for the platform admin).
for who in zcjy p21020000000000000000 biz2102; do
	login o "$who" >/dev/null
	is "$who: /admin/audit is 404" "$(get o /admin/audit)" 404
	hasnt "$who: no verification shown" "$T/body" "审计日志链"
done
rm -f "$T/o"
is "anonymous: sent to the login" "$(curl -s -o /dev/null -w '%{http_code}' "$B/admin/audit")" 303
login a admin >/dev/null
intact "demo data"
n=$(sql "SELECT seq FROM audit_head")
check "the demo chain has rows to break ($n)" test "$n" -ge 3
is "the page counts every row" "$(grep -o '已校验</dt><dd>[0-9]*' "$T/body" | grep -o '[0-9]*$')" "$n"
k=$((n / 2 + 1))

# 1. One row's detail changed: its hash no longer matches.
old=$(sql "SELECT detail FROM audit_log WHERE seq = $k")
as_root "UPDATE audit_log SET detail = CONCAT(detail, ' (forged)') WHERE seq = $k"
broken_at "$k" "hash mismatch"
check "the triggers are back: UPDATE refused" bash -c "! mariadb --no-defaults -S $XC_VAR/run/db.sock -uroot xcert -e 'UPDATE audit_log SET detail = \"x\" WHERE seq = 1' 2>/dev/null"
as_root "UPDATE audit_log SET detail = '$old' WHERE seq = $k"
intact "detail restored"

# 2. A row's link to its predecessor changed.
oldp=$(sql "SELECT prev_hash FROM audit_log WHERE seq = $k")
as_root "UPDATE audit_log SET prev_hash = REPEAT('0', 64) WHERE seq = $k"
broken_at "$k" "prev_hash mismatch"
as_root "UPDATE audit_log SET prev_hash = '$oldp' WHERE seq = $k"
intact "prev_hash restored"

# 3. A row taken out: the seq has a gap there.
sql "CREATE TABLE t0042_row AS SELECT * FROM audit_log WHERE seq = $k"
as_root "DELETE FROM audit_log WHERE seq = $k"
broken_at "$k" "gap in seq"
as_root "INSERT INTO audit_log SELECT * FROM t0042_row"
sql "DROP TABLE t0042_row"
intact "row put back"

# 4. A forged row appended, with a made-up hash: named by its seq.
head=$(sql "SELECT last_hash FROM audit_head")
f=$((n + 1))
sql "INSERT INTO audit_log (seq, prev_hash, hash, at_utc, account_id, action, object_type, object_id, ip, detail) VALUES ($f, '$head', REPEAT('a', 64), '2026-01-01T00:00:00Z', NULL, 'cert.sign', 'certificate', 1, '127.0.0.1', 'forged')"
broken_at "$f" "hash mismatch"
as_root "DELETE FROM audit_log WHERE seq = $f"
intact "forged row removed"

# 5. A forged row with a correct hash: only the head gives it away.
h=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n' "$head" "$f" 2026-01-01T00:00:00Z 0 cert.sign certificate 1 127.0.0.1 forged | sha256sum | cut -c1-64)
sql "INSERT INTO audit_log (seq, prev_hash, hash, at_utc, account_id, action, object_type, object_id, ip, detail) VALUES ($f, '$head', '$h', '2026-01-01T00:00:00Z', NULL, 'cert.sign', 'certificate', 1, '127.0.0.1', 'forged')"
broken_at "$f" "head mismatch"
has "page: says the head does not match" "$T/body" "链头 audit_head 与日志最后一条不符"
as_root "DELETE FROM audit_log WHERE seq = $f"
intact "second forged row removed"

# The chain still grows after all this: a login appends and verifies.
login a admin >/dev/null
intact "after a new entry"
is "the new entry is counted" "$(grep -o '已校验</dt><dd>[0-9]*' "$T/body" | grep -o '[0-9]*$')" "$(sql "SELECT seq FROM audit_head")"
done_testing
