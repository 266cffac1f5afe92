# config.mk: build defaults; override in local.mk (not committed).
CC	?= cc
PKGS	 = fcgi libmariadb gdlib libpng openssl libqrencode libargon2 zlib freetype2 zbar \
	   libzip
CFLAGS	+= -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wstrict-prototypes \
	   -Wmissing-prototypes -Wmissing-declarations -Wshadow \
	   -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 \
	   -Wno-format-nonliteral -fstack-protector-strong \
	   -D_FORTIFY_SOURCE=2 -fPIE
# PKG_CFLAGS and PKG_LIBS come from bin/flags.mk (see Makefile).
CS_CFLAGS  = -I/usr/include/ClearSilver
CS_LIBS	   = -lneo_cgi -lneo_cs -lneo_utl -lz
LDFLAGS	  += -pie -Wl,-z,relro,-z,now
PORT	  ?= 8080
