#!/bin/bash
# zip.sh: times one ZIP_N-certificate (1,000) 批量下载 job (the 300 dpi
# print copy, fmt=print; ZIP_FMT=screen for 150 dpi) from its submission
# to the ZIP being ready, with the stack's two job workers (each drawing
# a job with one renderer per CPU), and the share of both cores busy
# meanwhile (from /proc/stat).  Target: under 3 minutes with both cores
# busy.  The stack: bench/lib.sh (BENCH_STACK, or its own filled by
# gen.sh with BENCH_ROWS, default 40,000: 20 organisations with about
# 1,650 confirmed each); the job is one organisation's first ZIP_N
# confirmed certificates, queued as POST /certs/zip queues it (the
# pages' checks are t0100's).  Last line: OP zip SECONDS ZIP_N.
set -eEu -o pipefail
trap 'echo "zip.sh: line $LINENO: exit $? from: $BASH_COMMAND" >&2' ERR
. "$(dirname "$0")/lib.sh"
bench_stack xczip 28779 40000
ZIP_N=${ZIP_N:-1000}
KIND=$([ "${ZIP_FMT:-print}" = screen ] && echo zip_png || echo zip_print)

ORG=$(sql "SELECT organisation_id FROM certificate WHERE status = 'confirmed'
    GROUP BY organisation_id HAVING COUNT(*) >= $ZIP_N ORDER BY organisation_id
    LIMIT 1")
[ -n "$ORG" ] ||
    { echo "zip.sh: no organisation has $ZIP_N confirmed certificates" >&2; exit 1; }
ACCT=$(sql "SELECT id FROM account WHERE role = 'admin' LIMIT 1")
# cpu: the CPU ticks of the job workers (their own and their reaped
# renderers'), and the machine's busy and total ticks (all cores).
cpu() {
	local p w=0
	for p in $(cat "$S/run/jobs.pid") $(pgrep -P "$(cat "$S/run/jobs.pid")"); do
		w=$((w + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat")))
	done
	echo "$w $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
}
read -r w0 b0 t0 < <(cpu)
start=$(date +%s.%N)
J=$(sql "INSERT INTO job (account_id, kind, scope_kind, scope_id, ids, summary,
    total) SELECT $ACCT, '$KIND', 'org', $ORG,
    CONCAT('[', GROUP_CONCAT(id ORDER BY id), ']'), 'bench', COUNT(*)
    FROM (SELECT id FROM certificate WHERE organisation_id = $ORG
    AND status = 'confirmed' ORDER BY id LIMIT $ZIP_N) c;
    SELECT LAST_INSERT_ID()")
peak=0
while :; do
	st=$(sql "SELECT state FROM job WHERE id = $J")
	case $st in done|failed) break ;; esac
	# the workers and their renderers
	n=0
	for p in $(pgrep -P "$(cat "$S/run/jobs.pid")"); do
		n=$((n + 1 + $(pgrep -c -P "$p" || true)))
	done
	[ "$n" -gt "$peak" ] && peak=$n
	sleep 0.5
done
end=$(date +%s.%N)
read -r w1 b1 t1 < <(cpu)
[ "$st" = "done" ] ||
    { echo "zip.sh: job $J failed: $(sql "SELECT error FROM job WHERE id = $J")" >&2; exit 1; }
F=$S/jobs/$(sql "SELECT file_name FROM job WHERE id = $J")
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
# Cores the job kept busy: its CPU seconds over the wall time.
cores=$(awk -v w="$((w1 - w0))" -v hz="$(getconf CLK_TCK)" -v s="$secs" \
    'BEGIN { printf "%.2f", (s > 0 ? w / hz / s : 0) }')
cpus=$(awk -v w="$((w1 - w0))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", w / hz }')
busy=$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.0f", t ? 100 * b / t : 0 }')
files=$(unzip -Z1 "$F" | wc -l)
unzip -tq "$F" >/dev/null && ok="unzip -t: OK" || ok="unzip -t: FAILED"
[ "$files" = "$ZIP_N" ] && [ "$ok" = "unzip -t: OK" ] ||
    { echo "zip.sh: the ZIP holds $files files ($ok), not $ZIP_N" >&2; exit 1; }
echo "== 批量下载: $ZIP_N certificates ($KIND) as one ZIP job"
echo "   $secs s from queued to done (target under 180 s); the job's processes used"
echo "   $cores of $(nproc) cores on average (the machine: $busy% busy, load $(cut -d' ' -f1 /proc/loadavg));"
echo "   $cpus CPU seconds in all: $(awk -v c="$cpus" -v n="$ZIP_N" -v k="$(nproc)" \
    'BEGIN { printf "%.0f ms per certificate, %.0f s with all %d cores", 1000 * c / n, c / k, k }')"
echo "   $files files, $(du -m "$F" | cut -f1) MB; $ok; up to $peak job processes at once"
rm -f "$F"	# (551 MB at 1,000)
echo "OP zip $secs $ZIP_N"
