#!/bin/bash
# check.sh: static checks over the source: prepared statements only, no
# unescaped template output, no SQL built with printf.
cd "$(dirname "$0")/../.." || exit 1
n=0
res() { if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; n=$((n + 1)); fi; }

q=$(grep -rnE 'mysql_(real_)?query *\(' fcgi --include='*.c' | grep -vE 'mysql_query\(db->m, "(START TRANSACTION|COMMIT|ROLLBACK)"\)' )
[ -n "$q" ] && echo "$q"
res "runtime SQL goes through prepared statements only" "$([ -z "$q" ]; echo $?)"
p=$(grep -rnE '(printf|snprintf|arena_printf)\([^;]*"[^"]*(SELECT|INSERT|UPDATE|DELETE) ' fcgi --include='*.c')
[ -n "$p" ] && echo "$p"
res "no SQL is formatted with printf" "$([ -z "$p" ]; echo $?)"
u=$(grep -rnE '<\?cs *(alt|name|uvar|lvar|evar):' templates)
[ -n "$u" ] && echo "$u"
res "templates use no unescaped output" "$([ -z "$u" ]; echo $?)"
e=$(grep -rn 'escape: *"none"' templates)
[ -n "$e" ] && echo "$e"
res "no raw escape blocks in templates" "$([ -z "$e" ]; echo $?)"
a=$(grep -rnE '\b(atoi|atol|sprintf|strcpy|strcat|gets)\(' fcgi --include='*.c' | grep -v 'fcgi/common/valid.c:.*atoi(s' )
[ -n "$a" ] && echo "$a"
res "no atoi/sprintf/strcpy on input" "$([ -z "$a" ]; echo $?)"
d=$(grep -rn 'rc == RC_OK ? RC_ERROR' fcgi bench tests/unit 2>/dev/null)
[ -n "$d" ] && echo "$d"
res "a failed query always says why (no rc == RC_OK ? RC_ERROR)" "$([ -z "$d" ]; echo $?)"
h=$(grep -rnE '\bdb_(affected|insert_id)\(' fcgi bench tests/unit 2>/dev/null)
[ -n "$h" ] && echo "$h"
res "affected rows and insert ids come from the call, not the handle" "$([ -z "$h" ]; echo $?)"
# A bind of the wrong type must not compile (and the right one must).
bind() { printf '#include "app.h"\nvoid f(const char *);\nvoid f(const char *s)\n{ struct dbarg a[] = { %s }; (void)a; }\n' "$1" |
    ${CC:-cc} -std=c11 -D_GNU_SOURCE -fsyntax-only -Ifcgi/common -x c - 2>/dev/null; }
bind 'DB_S(s)'; okc=$?
bind 'DB_I(s)'; badi=$?
bind 'DB_B(s, 1), DB_S(42)'; bads=$?
res "binds are type-checked by the compiler" "$([ $okc = 0 ] && [ $badi != 0 ] && [ $bads != 0 ]; echo $?)"
g=$(git ls-files | grep -E '^var/|secrets|\.pem$' )
res "no secrets or var/ committed" "$([ -z "$g" ]; echo $?)"
exit $n
