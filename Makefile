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

# Debian packages the platform needs (see README: 依赖 / Dependencies).
DEB_PKGS = build-essential pkg-config clang libfcgi-dev libmariadb-dev \
	mariadb-server mariadb-client clearsilver-dev libgd-dev libssl-dev \
	nginx wrk libqrencode-dev libargon2-dev libcsv-dev \
	libxlsxwriter-dev libzip-dev fonts-noto-cjk python3-fonttools \
	chromium curl ca-certificates

ALL_CFLAGS = $(CFLAGS) $(PKG_CFLAGS) $(CS_CFLAGS) -Ifcgi/common
ALL_LIBS   = $(CS_LIBS) $(PKG_LIBS) -lcsv -lxlsxwriter -lm
FONTS	   = bin/fonts/NotoSerifSC-Regular.otf bin/fonts/NotoSerifSC-Bold.otf

COMMON_SRC = $(wildcard fcgi/common/*.c)
COMMON_OBJ = $(COMMON_SRC:.c=.o)
COMMON_HDR = $(wildcard fcgi/common/*.h)
AREAS	   = institution students issuance verification
BINS	   = $(AREAS:%=bin/xc-%) bin/xadmin
UNIT_SRC   = $(wildcard tests/unit/test-*.c)
UNIT_BINS  = $(UNIT_SRC:tests/unit/%.c=bin/tests/%)

.PHONY: all deps run stop reset test test-unit test-http test-browser \
	fuzz bench clean valgrind

all: $(BINS) $(UNIT_BINS) $(FONTS)

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

bin/tests/%: tests/unit/%.c bin/libcommon.a tests/unit/tap.h tests/unit/idgen.h
	@mkdir -p bin/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< bin/libcommon.a \
	    $(ALL_LIBS)

# libFuzzer target for the request parsers (clang only).
bin/fuzz-form: tests/fuzz/fuzz-form.c fcgi/common/form.c fcgi/common/arena.c \
    fcgi/common/buf.c $(COMMON_HDR)
	@mkdir -p bin
	clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	    -Ifcgi/common -o $@ tests/fuzz/fuzz-form.c fcgi/common/form.c \
	    fcgi/common/arena.c fcgi/common/buf.c

bin/bench-render: bench/bench-render.c bin/libcommon.a $(COMMON_HDR)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/bench-render.c bin/libcommon.a \
	    $(ALL_LIBS)

# Install the Debian packages that are missing (quiet when all are there).
deps:
	@sh deploy/deps.sh $(DEB_PKGS)

run: deps all
	@bash deploy/stack.sh start var $(PORT) demo

stop:
	@bash deploy/stack.sh stop var

reset: stop
	rm -rf var

test: deps all bin/fuzz-form
	@bash tests/run.sh

test-unit: all
	@bash tests/run.sh unit

test-http: deps all
	@bash tests/run.sh http

test-browser: deps all
	@bash tests/run.sh browser

fuzz: bin/fuzz-form
	bin/fuzz-form -max_total_time=$${SECONDS_:-60} tests/fuzz/corpus

bench: deps all
	@bash bench/run.sh

valgrind: all
	@for t in $(UNIT_BINS); do valgrind -q --error-exitcode=1 \
	    --leak-check=full $$t >/dev/null || echo "valgrind: $$t"; done

clean:
	rm -rf bin fcgi/*/*.o
