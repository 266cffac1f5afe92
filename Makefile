# Makefile: build, run and test the 1+X certificate platform (see README.md).
include config.mk
-include local.mk

ifeq ($(SANITIZE),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS	+= -fsanitize=address,undefined
endif
ifeq ($(CI),true)
CFLAGS	+= -Werror
endif

# Every Debian package any target needs: build, run, tests (fuzzer and
# sanitizer runtimes, valgrind, the browser suite, the real clients that
# check what we produce) and benchmarks.  Node.js and npm are added by
# deploy/deps.sh when the machine has none (see README).
DEB_PKGS = build-essential pkg-config clang libclang-rt-14-dev \
	libfcgi-dev libmariadb-dev mariadb-server mariadb-client \
	clearsilver-dev libgd-dev libpng-dev libfreetype-dev libssl-dev openssl zlib1g-dev \
	libqrencode-dev libargon2-dev libcsv-dev libxlsxwriter-dev \
	libzip-dev libhpdf-dev fonts-noto-cjk python3-fonttools nginx \
	curl ca-certificates iproute2 procps zip unzip wrk valgrind \
	chromium zbar-tools libzbar-dev poppler-utils qpdf python3-openpyxl

# The build flags come from pkg-config, which can only answer once the
# packages are installed.  bin/flags.mk is made by a rule that installs
# them first; GNU make then re-reads it (and the file system) before it
# builds anything, so install and flags cannot get out of order, for any
# goal.  Goals that build nothing read no flags and install nothing.
.DEFAULT_GOAL = all
NOBUILD_GOALS = stop reset clean deps
ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
include bin/flags.mk
endif

bin/flags.mk: config.mk Makefile deploy/deps.sh deploy/flags.sh
	@sh deploy/deps.sh $(DEB_PKGS)
	@mkdir -p bin
	@sh deploy/flags.sh $(PKGS) > $@.tmp && mv $@.tmp $@

ALL_CFLAGS = $(CFLAGS) $(PKG_CFLAGS) $(CS_CFLAGS) -Ifcgi/common
ALL_LIBS   = $(CS_LIBS) $(PKG_LIBS) -lcsv -lxlsxwriter -lhpdf -lm
FONTS	   = bin/fonts/NotoSerifSC-Regular.otf bin/fonts/NotoSerifSC-Bold.otf

# Objects depend on the flags they were built with: switching to
# SANITIZE=1 (or back) rebuilds everything instead of linking stale code.
BUILD_ID   = $(CC) $(ALL_CFLAGS) $(LDFLAGS)
STAMP	   = bin/build.stamp

COMMON_SRC = $(wildcard fcgi/common/*.c)
COMMON_OBJ = $(COMMON_SRC:.c=.o)
COMMON_HDR = $(wildcard fcgi/common/*.h) $(STAMP)
AREAS	   = institution students issuance verification
BINS	   = $(AREAS:%=bin/xc-%) bin/xadmin bin/xverify
UNIT_SRC   = $(wildcard tests/unit/test-*.c)
UNIT_BINS  = $(UNIT_SRC:tests/unit/%.c=bin/tests/%)

.PHONY: all deps run stop reset test test-unit test-http test-browser \
	fuzz bench bench-quick clean valgrind FORCE

all: $(BINS) $(UNIT_BINS) $(FONTS) bin/mkphoto

$(STAMP): FORCE
	@mkdir -p bin
	@echo '$(BUILD_ID)' | cmp -s - $@ || echo '$(BUILD_ID)' > $@

# libgd opens face 0 (Japanese) of a .ttc; extract the Simplified Chinese
# face (2) of Noto Serif CJK into standalone fonts (see FACTS.md).
bin/fonts/NotoSerifSC-%.otf: /usr/share/fonts/opentype/noto/NotoSerifCJK-%.ttc
	@mkdir -p bin/fonts
	/usr/bin/python3 -c "import sys; from fontTools.ttLib import TTCollection; \
	    TTCollection(sys.argv[1]).fonts[2].save(sys.argv[2])" $< $@

fcgi/common/%.o: fcgi/common/%.c $(COMMON_HDR)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

bin/libcommon.a: $(COMMON_OBJ)
	@mkdir -p bin
	rm -f $@ && ar rcs $@ $(COMMON_OBJ)

define area_rule
$(1)_SRC = $$(wildcard fcgi/$(1)/*.c)
$(1)_OBJ = $$($(1)_SRC:.c=.o)
fcgi/$(1)/%.o: fcgi/$(1)/%.c $(COMMON_HDR) $$(wildcard fcgi/$(1)/*.h)
	$$(CC) $$(ALL_CFLAGS) -c -o $$@ $$<
bin/xc-$(1): $$($(1)_OBJ) bin/libcommon.a
	$$(CC) $$(LDFLAGS) -o $$@ $$($(1)_OBJ) bin/libcommon.a $$(ALL_LIBS)
endef
$(foreach a,$(AREAS),$(eval $(call area_rule,$(a))))

fcgi/tools/%.o: fcgi/tools/%.c $(COMMON_HDR)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

bin/xadmin: fcgi/tools/xadmin.o bin/libcommon.a
	$(CC) $(LDFLAGS) -o $@ fcgi/tools/xadmin.o bin/libcommon.a $(ALL_LIBS)

# The offline QR payload checker (libzbar reads photos of certificates).
bin/xverify: fcgi/tools/xverify.o bin/libcommon.a
	$(CC) $(LDFLAGS) -o $@ fcgi/tools/xverify.o bin/libcommon.a $(ALL_LIBS)

# t0174's phone photo of a printed certificate (libgd: turned, JPEG).
bin/mkphoto: tests/tools/mkphoto.c $(STAMP)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/tools/mkphoto.c $(ALL_LIBS)

bin/tests/%: tests/unit/%.c bin/libcommon.a tests/unit/tap.h tests/unit/idgen.h
	@mkdir -p bin/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< bin/libcommon.a \
	    $(ALL_LIBS)

# The employers' checks' pure parts, tested from the area's own file.
bin/tests/test-empcheck: fcgi/verification/emp_check.c fcgi/verification/vlog.c \
    fcgi/verification/emp_json.c fcgi/verification/verification.h

# libFuzzer target for the request parsers (clang only).
bin/fuzz-form: tests/fuzz/fuzz-form.c fcgi/common/form.c fcgi/common/arena.c \
    fcgi/common/buf.c fcgi/verification/emp_json.c $(COMMON_HDR)
	@mkdir -p bin
	clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	    -Ifcgi/common -o $@ tests/fuzz/fuzz-form.c fcgi/common/form.c \
	    fcgi/common/arena.c fcgi/common/buf.c fcgi/verification/emp_json.c

bin/bench-render: bench/bench-render.c bin/libcommon.a $(COMMON_HDR)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/bench-render.c bin/libcommon.a \
	    $(ALL_LIBS)

# The ceilings of any FastCGI responder: hello and one PK select (bench).
bin/bench-floor: bench/floor.c $(STAMP)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/floor.c $(ALL_LIBS)

# Install the Debian packages that are missing (quiet when all are there).
deps:
	@sh deploy/deps.sh $(DEB_PKGS)

run: deps all
	@bash deploy/stack.sh start var $(PORT) demo

stop:
	@bash deploy/stack.sh stop var

reset: stop
	rm -rf var

test: deps all bin/fuzz-form bin/bench-floor bin/bench-render
	@bash tests/run.sh

test-unit: all
	@bash tests/run.sh unit

test-http: deps all
	@bash tests/run.sh http

test-browser: deps all
	@bash tests/run.sh browser

fuzz: deps bin/fuzz-form
	bin/fuzz-form -max_total_time=$${SECONDS_:-60} tests/fuzz/corpus

# One run on one generated stack: the scenarios, then the single
# operations (bench/wrk.sh); writes bench/results.md.
bench: deps all bin/bench-floor bin/bench-render
	@bash bench/wrk.sh

# The same harness on 100,000 rows, 3 s per scenario and smaller single
# operations; asserts no speed and writes no results (tests/run.sh bench).
bench-quick: deps all bin/bench-floor bin/bench-render
	@BENCH_QUICK=1 bash bench/wrk.sh

# Every unit program under memcheck; fails when any reports an error or
# a definite leak.
valgrind: deps all
	@bad=0; for t in $(UNIT_BINS); do \
	    if XC_VALGRIND=1 valgrind -q --error-exitcode=99 --leak-check=full \
	        --errors-for-leak-kinds=definite $$t >/dev/null; then \
	        echo "ok - valgrind $$t"; \
	    else echo "not ok - valgrind $$t"; bad=1; fi; done; exit $$bad

clean:
	rm -rf bin fcgi/*/*.o
