#!/bin/bash
# stack.sh: start or stop a private stack (MariaDB, the four responders, nginx)
# whose every file lives under one folder.
#   stack.sh start VAR PORT [demo]   idempotent: starts what is not running
#   stack.sh stop VAR                stops what the pid files name
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AREAS="institution students issuance verification"
NPROCS=${XC_PROCS:-3}

# On a failure part-way through `start`, stop what this run started (and
# only that), so a retry starts clean; then say so.
STARTED=""
die() {
	echo "stack: $*" >&2
	if [ -n "$STARTED" ]; then
		undo
		echo "stack: stopped what this run had started ($STARTED)" >&2
	fi
	exit 1
}

alive() { [ -s "$1" ] && kill -0 "$(head -n1 "$1")" 2>/dev/null; }

stop_pid() {	# pidfile [signal]
	local f=$1 sig=${2:-TERM} pid i
	[ -s "$f" ] || return 0
	pid=$(head -n1 "$f")
	if kill -0 "$pid" 2>/dev/null; then
		kill "-$sig" "$pid" 2>/dev/null
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$f"
}

sql() { mariadb --no-defaults -S "$VAR/run/db.sock" -uroot "$@"; }

# The master file (xadmin and the tests read it) and, made from it on
# every start, one file per responder with only what that area needs:
# the keys fcgi/common/config.c asks it for and its own DB password.
# The platform's PDF signing key and its self-signed certificate are made
# on first run too (README: how to install an organisation's own).
secrets() {
	local f=$VAR/secrets a k keys
	if [ -s "$f" ]; then
		# Older files had one DB_PASSWORD: add the per-area ones.
		for a in $AREAS; do
			grep -q "^DB_PASSWORD_$a=" "$f" ||
			    echo "DB_PASSWORD_$a=$(openssl rand -hex 24)" >> "$f"
		done
	else
		( umask 077
		  { echo "# generated $(date -u +%FT%TZ); never commit"
		    echo "ID_AES_KEY=$(openssl rand -hex 32)"
		    echo "ID_HMAC_KEY=$(openssl rand -hex 32)"
		    echo "CSRF_KEY=$(openssl rand -hex 32)"
		    for a in $AREAS; do
			echo "DB_PASSWORD_$a=$(openssl rand -hex 24)"
		    done; } > "$f.tmp" &&
		  mv "$f.tmp" "$f" ) || die "cannot write $f"
	fi
	if [ ! -s "$VAR/pdf-sign.key" ] || [ ! -s "$VAR/pdf-sign.crt" ]; then
		( umask 077
		  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -sha256 -days 3650 -nodes -utf8 \
		    -subj "/CN=职业技能等级证书信息管理服务平台" \
		    -keyout "$VAR/pdf-sign.key.tmp" -out "$VAR/pdf-sign.crt.tmp" \
		    >/dev/null 2>&1 &&
		  chmod 644 "$VAR/pdf-sign.crt.tmp" &&
		  mv "$VAR/pdf-sign.key.tmp" "$VAR/pdf-sign.key" &&
		  mv "$VAR/pdf-sign.crt.tmp" "$VAR/pdf-sign.crt" ) ||
		    die "cannot make the PDF signing key $VAR/pdf-sign.key"
	fi
	qr_keys
	mkdir -p "$VAR/secrets.d" && chmod 700 "$VAR/secrets.d" ||
	    die "cannot create $VAR/secrets.d"
	for a in $AREAS; do
		case $a in
		institution)	keys="ID_HMAC_KEY CSRF_KEY" ;;	# logins
		students)	keys="ID_AES_KEY ID_HMAC_KEY" ;;	# full ID numbers
		# phone signing; the print copy's full ID number (issue 10)
		issuance)	keys="ID_AES_KEY ID_HMAC_KEY CSRF_KEY" ;;
		verification)	keys="ID_HMAC_KEY CSRF_KEY" ;;	# never the AES key
		esac
		# The QR keys: issuance signs with the newest, verification
		# checks with every public key (qr_keys below).
		case $a in
		issuance)	keys="$keys QR_KEY_FILE QR_KEY_ID" ;;
		verification)	keys="$keys QR_PUB_DIR" ;;
		esac
		( umask 077
		  { for k in $keys "DB_PASSWORD_$a"; do
			grep "^$k=" "$f" || exit 1
		    done
		    if [ "$a" = issuance ]; then	# signs the PDFs
			echo "PDF_KEY_FILE=$VAR/pdf-sign.key"
			echo "PDF_CERT_FILE=$VAR/pdf-sign.crt"
			[ ! -s "$VAR/pdf-sign-chain.crt" ] ||
			    echo "PDF_CHAIN_FILE=$VAR/pdf-sign-chain.crt"
		    fi
		  } > "$VAR/secrets.d/$a.tmp" &&
		  mv "$VAR/secrets.d/$a.tmp" "$VAR/secrets.d/$a" ) ||
		    die "cannot write $VAR/secrets.d/$a from $f"
	done
}

db_start() {
	if [ ! -d "$VAR/db/mysql" ]; then
		mkdir -p "$VAR/db"
		mariadb-install-db --no-defaults --user=root --datadir="$VAR/db" \
		    --auth-root-authentication-method=normal --skip-test-db \
		    --skip-name-resolve >"$VAR/log/db-install.log" 2>&1 ||
		    die "mariadb-install-db failed (see $VAR/log/db-install.log)"
	fi
	# Durability: a commit is written to the OS at once and flushed to
	# disk once a second (innodb_flush_log_at_trx_commit=2): a crash of
	# mariadbd loses nothing, one of the machine at most the last second.
	# This stack's data are throwaway; a production primary on its own
	# keeps 1, a Galera node (each commit also on the other nodes) 2.
	# Every verification logs its lookup in a commit of its own, so the
	# flush per commit capped the lookups (bench/results.md).  The
	# buffer pool: XC_DB_POOL (256M; bench/wrk.sh sizes it to its data).
	# Its temporary files (sorts, large GROUP BYs, ALTERs) under the
	# stack too: a cleaner of /tmp once removed one mid-generation.
	if ! alive "$VAR/run/db.pid"; then
		STARTED="$STARTED db"
		mkdir -p "$VAR/db-tmp" || die "cannot create $VAR/db-tmp"
		setsid mariadbd --no-defaults --user=root --datadir="$VAR/db" \
		    --tmpdir="$VAR/db-tmp" \
		    --socket="$VAR/run/db.sock" --skip-networking \
		    --pid-file="$VAR/run/db.pid" --log-error="$VAR/log/db.err" \
		    --character-set-server=utf8mb4 \
		    --collation-server=utf8mb4_unicode_ci \
		    --innodb-buffer-pool-size="${XC_DB_POOL:-256M}" \
		    --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
		    </dev/null >/dev/null 2>&1 &
	fi
	for _ in $(seq 1 300); do
		mariadb-admin --no-defaults -S "$VAR/run/db.sock" -uroot ping \
		    >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	die "MariaDB did not start (see $VAR/log/db.err)"
}

migrate() {
	local f v pw
	sql -e "CREATE DATABASE IF NOT EXISTS xcert CHARACTER SET utf8mb4
	    COLLATE utf8mb4_unicode_ci;
	    CREATE TABLE IF NOT EXISTS xcert.schema_migrations (
	    version VARCHAR(100) NOT NULL PRIMARY KEY,
	    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)" ||
	    die "cannot create the database"
	for f in "$ROOT"/sql/schema/*.sql; do
		v=$(basename "$f" .sql)
		[ -n "$(sql -N xcert -e "SELECT 1 FROM schema_migrations
		    WHERE version = '$v'")" ] && continue
		echo "stack: applying $v"
		sql xcert < "$f" || die "migration $v failed"
		sql xcert -e "INSERT INTO schema_migrations (version)
		    VALUES ('$v')" || die "cannot record $v"
	done
	sql xcert < "$ROOT/sql/views.sql" || die "views.sql failed"
	# Each responder has its own MariaDB account and password.
	local sedargs=() a
	for a in $AREAS; do
		pw=$(sed -n "s/^DB_PASSWORD_$a=//p" "$VAR/secrets")
		[ -n "$pw" ] || die "no DB_PASSWORD_$a in $VAR/secrets"
		sedargs+=(-e "s/@DB_PASSWORD_$a@/$pw/g")
	done
	sed "${sedargs[@]}" "$ROOT/sql/grants.sql" | sql || die "grants.sql failed"
}

xenv() {
	export XC_VAR="$VAR" XC_TEMPLATES="$ROOT/templates" \
	    XC_FONTS="$ROOT/bin/fonts" \
	    XC_BASE_URL="${XC_BASE_URL:-http://127.0.0.1:$PORT}"
}

demo() {
	local n
	n=$(sql -N xcert -e "SELECT COUNT(*) FROM organisation")
	[ "$n" = 0 ] || return 0
	echo "stack: loading demo data"
	( xenv; "$ROOT/bin/xadmin" seed-demo ) ||
	    die "demo data failed"
}

# The Ed25519 keys that sign the certificates' QR payloads: key id N is
# qr-keys/private/N.key (0600) with its public half qr-keys/public/N.pem,
# which /verify/keys publishes.  The first is made on first run;
# `stack.sh qr-rotate VAR` adds the next id (README: rotation).  The
# newest id signs; every public key stays, so old payloads verify.  The
# master file names them for xadmin (seed-demo signs demo certificates).
qr_newest() {
	ls "$VAR/qr-keys/private" 2>/dev/null | sed -n 's/^\([1-9][0-9]*\)\.key$/\1/p' |
	    sort -n | tail -n1
}

qr_make() {	# key id
	local d=$VAR/qr-keys
	mkdir -p "$d/private" "$d/public" && chmod 700 "$d/private" &&
	( umask 077
	  openssl genpkey -algorithm ed25519 -out "$d/private/$1.key.tmp" &&
	  openssl pkey -in "$d/private/$1.key.tmp" -pubout \
	    -out "$d/public/$1.pem.tmp" &&
	  chmod 644 "$d/public/$1.pem.tmp" &&
	  mv "$d/public/$1.pem.tmp" "$d/public/$1.pem" &&
	  mv "$d/private/$1.key.tmp" "$d/private/$1.key" ) >/dev/null 2>&1 ||
	    die "cannot make QR signing key $1 in $d"
}

qr_keys() {
	local kid f=$VAR/secrets
	kid=$(qr_newest)
	if [ -z "$kid" ]; then
		kid=1
		qr_make "$kid"
	fi
	( umask 077
	  { grep -v '^QR_' "$f"
	    echo "QR_KEY_FILE=$VAR/qr-keys/private/$kid.key"
	    echo "QR_KEY_ID=$kid"
	    echo "QR_PUB_DIR=$VAR/qr-keys/public"; } > "$f.tmp" &&
	  mv "$f.tmp" "$f" ) || die "cannot write $f"
}

# Each responder reads its own secrets file; its socket is mode 0660 in
# the group nginx's workers run in.
responders() {
	local a grp
	xenv
	grp=$(id -gn "$(nginx_user)") || die "no group for nginx's user"
	for a in $AREAS; do
		alive "$VAR/run/$a.pid" && continue
		STARTED="$STARTED $a"
		XC_SECRETS="$VAR/secrets.d/$a" setsid "$ROOT/bin/xc-$a" \
		    -s "$VAR/run/$a.sock" -g "$grp" -n "$NPROCS" \
		    -p "$VAR/run/$a.pid" </dev/null >>"$VAR/log/$a.log" 2>&1 &
	done
}

# The background worker: deadline reminders and the logs' retention
# every hour (a plain loop over `xadmin remind` and `xadmin purge-logs`;
# production uses deploy/systemd/xcert-hourly.timer).
# The ZIP job workers (批量下载): the issuance program with its grants
# and secrets, two processes (XC_JOB_WORKERS), each drawing a job with
# one renderer per CPU.
jobs() {
	alive "$VAR/run/jobs.pid" && return 0
	STARTED="$STARTED jobs"
	xenv
	mkdir -p "$VAR/jobs" && chmod 755 "$VAR/jobs" ||
	    die "cannot create $VAR/jobs"
	XC_SECRETS="$VAR/secrets.d/issuance" setsid "$ROOT/bin/xc-issuance" \
	    -w "${XC_JOB_WORKERS:-2}" -p "$VAR/run/jobs.pid" \
	    </dev/null >>"$VAR/log/jobs.log" 2>&1 &
}

worker() {
	alive "$VAR/run/worker.pid" && return 0
	STARTED="$STARTED worker"
	xenv
	setsid bash -c 'echo $$ > "$1/run/worker.pid"; while :; do
	    "$2/bin/xadmin" remind; "$2/bin/xadmin" purge-logs
	    sleep 3600; done' worker "$VAR" "$ROOT" \
	    </dev/null >>"$VAR/log/worker.log" 2>&1 &
}

# nginx's workers run as www-data when that user can read the static
# files and reach the sockets; otherwise (a checkout under /root, say)
# as root, which only this private test/dev stack ever does.
nginx_user() {
	if id www-data >/dev/null 2>&1 &&
	    runuser -u www-data -- test -r "$ROOT/nginx/static/app.css" &&
	    runuser -u www-data -- test -x "$VAR/run"; then
		echo www-data
	else
		echo root
	fi
}

nginx_start() {
	local conf=$VAR/nginx/nginx.conf
	mkdir -p "$VAR/nginx"
	local f
	for f in nginx.conf.in xcert.conf; do
		sed -e "s|@VAR@|$VAR|g" -e "s|@ROOT@|$ROOT|g" \
		    -e "s|@PORT@|$PORT|g" -e "s|@USER@|$(nginx_user)|g" \
		    "$ROOT/nginx/$f" > "$VAR/nginx/${f%.in}"
	done
	nginx -t -q -p "$VAR/nginx" -c "$conf" -e "$VAR/log/nginx-error.log" ||
	    die "nginx configuration test failed"
	if alive "$VAR/run/nginx.pid"; then
		kill -HUP "$(cat "$VAR/run/nginx.pid")"
	else
		STARTED="$STARTED nginx"
		nginx -p "$VAR/nginx" -c "$conf" -e "$VAR/log/nginx-error.log" ||
		    die "nginx did not start (see $VAR/log/nginx-error.log)"
	fi
}

wait_up() {
	local code
	for _ in $(seq 1 150); do
		code=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' \
		    "http://127.0.0.1:$PORT/login")
		[ "$code" = 200 ] && return 0
		sleep 0.1
	done
	die "the site does not answer on port $PORT (see $VAR/log)"
}

# The port must be free unless our own nginx holds it: checked before
# anything starts.
port_check() {
	alive "$VAR/run/nginx.pid" && return 0
	if ss -Htln "( sport = :$PORT )" 2>/dev/null | grep -q .; then
		die "port $PORT is already in use by another program;" \
		    "choose another: make run PORT=8081"
	fi
}

start() {
	mkdir -p "$VAR/run" "$VAR/log" "$VAR/nginx"
	chmod 755 "$VAR" "$VAR/run"
	VAR=$(cd "$VAR" && pwd)
	[ -x "$ROOT/bin/xadmin" ] || die "build first: make"
	port_check
	secrets
	db_start
	migrate
	[ "${MODE:-}" = demo ] && demo
	responders
	jobs
	worker
	nginx_start
	wait_up
}

stop_one() {	# nginx | an area | jobs | worker | db
	case $1 in
	nginx)	stop_pid "$VAR/run/nginx.pid" QUIT ;;
	worker)	# The worker leads its own process group (setsid): end the
		# group, its sleep included.
		if alive "$VAR/run/worker.pid"; then
			kill -TERM -- "-$(cat "$VAR/run/worker.pid")" 2>/dev/null
		fi
		rm -f "$VAR/run/worker.pid" ;;
	*)	stop_pid "$VAR/run/$1.pid" ;;
	esac
}

# Stop, in reverse order, what this run of `start` started.
undo() {
	local c
	for c in nginx worker jobs $AREAS db; do
		case " $STARTED " in *" $c "*) stop_one "$c" ;; esac
	done
}

stop() {
	local c
	[ -d "$VAR" ] || return 0
	VAR=$(cd "$VAR" && pwd)
	for c in nginx $AREAS jobs worker db; do stop_one "$c"; done
}

cmd=${1:-}; VAR=${2:-var}
case $cmd in
start)	PORT=${3:-8080}; MODE=${4:-}
	start
	if [ "${MODE:-}" = demo ] && [ -z "${XC_QUIET:-}" ]; then
		cat <<EOT

  1+X 证书发放平台已启动 / the platform is up:  http://127.0.0.1:$PORT/

  演示账号 / demo accounts (password for all: Xcert-2026)
    admin                     平台管理员
    zcjy                      培训评价组织 中船教育科技(北京)有限公司
    hxzz                      培训评价组织 华信智造职业教育科技有限公司
    p21020000000000000000     试点院校负责人 (21020000000000000000)
    biz2102                   试点院校业务管理员 (21020000000000000000)
    p11010000000000000031     试点院校负责人 (11010000000000000031)
    610114200103061011        学生 朱鹏飞 (logs in with the ID number)

  make stop  停止;  make reset  清除 var/
EOT
	fi ;;
stop)	stop ;;
qr-rotate)
	VAR=$(cd "$VAR" && pwd) || exit 1
	n=$(qr_newest)
	[ "${n:-0}" -lt 255 ] || die "key ids go up to 255"
	qr_make $(( ${n:-0} + 1 ))
	echo "stack: QR key $(( ${n:-0} + 1 )) made; restart the stack" \
	    "(stop, start) so issuance signs with it" ;;
*)	die "usage: stack.sh start VAR PORT [demo] | stop VAR | qr-rotate VAR" ;;
esac
