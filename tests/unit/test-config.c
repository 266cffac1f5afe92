/*
 * test-config.c: config_load() and the secrets each program needs: a
 * responder loads only its own keys and DB password, refuses to start
 * without one it needs, and verification never holds the AES key; only
 * issuance is given the PDF signing key's files (and, for the print
 * copy's full ID number, the AES key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "tap.h"

#define K64(c)	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
		c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static char	 path[64];

/* Write the lines to the secrets file (mode 0600) and point XC_SECRETS at it. */
static void
secrets(const char *lines)
{
	FILE	*f;
	int	 fd;

	snprintf(path, sizeof(path), "/tmp/xc-test-config.XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		abort();
	fputs(lines, f);
	fclose(f);
	setenv("XC_SECRETS", path, 1);
}

static int
load(struct config *c, const char *area)
{
	int	 rc;

	config_free(c);
	rc = config_load(c, area);
	unlink(path);
	return rc;
}

static int
zero(const unsigned char *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return 0;
	return 1;
}

/* The QR keys as deploy/stack.sh names them in the master file. */
#define QR \
	"QR_KEY_FILE=/v/qr-keys/private/2.key\n" "QR_KEY_ID=2\n" \
	"QR_PUB_DIR=/v/qr-keys/public\n"
#define MASTER \
	"ID_AES_KEY=" K64("a") "\n" "ID_HMAC_KEY=" K64("b") "\n" \
	"CSRF_KEY=" K64("c") "\n" "DB_PASSWORD_institution=pi\n" \
	"DB_PASSWORD_students=ps\n" "DB_PASSWORD_issuance=pu\n" \
	"DB_PASSWORD_verification=pv\n" QR
/* What deploy/stack.sh adds to issuance's file: the PDF key's files. */
#define PDF \
	"PDF_KEY_FILE=/v/pdf-sign.key\n" "PDF_CERT_FILE=/v/pdf-sign.crt\n"

int
main(void)
{
	struct config	 c;

	memset(&c, 0, sizeof(c));
	unsetenv("XC_DB_PASSWORD");
	unsetenv("XC_DB_USER");

	/* Even handed the master file, verification keeps no AES key. */
	secrets(MASTER PDF);
	CHECK_INT(load(&c, "verification"), 0, "verification starts");
	CHECK(!(c.keys & CFG_AES) && zero(c.id_key, sizeof(c.id_key)),
	    "verification never loads the AES key");
	CHECK_INT(c.keys, CFG_HMAC | CFG_CSRF | CFG_DBPW | CFG_QRPUB,
	    "verification: blind-index and CSRF keys, DB password, QR public keys");
	CHECK(c.qr_key == NULL && c.qr_kid == 0 &&
	    strcmp(c.qr_pubdir, "/v/qr-keys/public") == 0,
	    "verification: the QR keys folder, never the signing key");
	CHECK_STR(c.db_pass, "pv", "verification: its own DB password");
	CHECK_STR(c.db_user, "xc_verification", "verification: its own account");
	CHECK(c.pdf_key == NULL && c.pdf_cert == NULL,
	    "verification: no PDF signing key");

	secrets(MASTER PDF);
	CHECK_INT(load(&c, "issuance"), 0, "issuance starts");
	CHECK_INT(c.keys, CFG_AES | CFG_HMAC | CFG_CSRF | CFG_DBPW | CFG_PDF |
	    CFG_QRSIGN, "issuance: the AES key (the print copy's full ID "
	    "number), blind-index and CSRF keys (the phone's signing form), "
	    "the PDF key, the QR signing key");
	CHECK(c.qr_kid == 2 && strcmp(c.qr_key, "/v/qr-keys/private/2.key") == 0 &&
	    c.qr_pubdir == NULL, "issuance: the QR signing key and its id only");
	CHECK_STR(c.pdf_key, "/v/pdf-sign.key", "issuance: the PDF key's file");
	CHECK_STR(c.pdf_cert, "/v/pdf-sign.crt",
	    "issuance: the PDF certificate's file");
	CHECK(c.pdf_chain == NULL, "issuance: no chain unless one is named");
	CHECK(!zero(c.id_key, 32) && !zero(c.csrf_key, 32),
	    "issuance: the AES and CSRF keys loaded");

	secrets(MASTER PDF "PDF_CHAIN_FILE=/v/chain.crt\n");
	CHECK_INT(load(&c, "issuance"), 0, "issuance starts with a chain");
	CHECK_STR(c.pdf_chain, "/v/chain.crt", "issuance: the chain's file");
	secrets(MASTER "PDF_KEY_FILE=/v/pdf-sign.key\n");
	CHECK_INT(load(&c, "issuance"), -1,
	    "issuance refuses without the PDF certificate's file");
	secrets(MASTER);
	CHECK_INT(load(&c, "issuance"), -1,
	    "issuance refuses without the PDF key's files");
	secrets("ID_HMAC_KEY=" K64("b") "\nCSRF_KEY=" K64("c") "\n"
	    "DB_PASSWORD_issuance=pu\n" PDF "QR_KEY_FILE=/v/1.key\n");
	CHECK_INT(load(&c, "issuance"), -1,
	    "issuance refuses without the QR key's id");
	secrets("ID_HMAC_KEY=" K64("b") "\nCSRF_KEY=" K64("c") "\n"
	    "DB_PASSWORD_issuance=pu\n" PDF "QR_KEY_FILE=/v/1.key\n"
	    "QR_KEY_ID=256\n");
	CHECK_INT(load(&c, "issuance"), -1,
	    "issuance refuses a QR key id above 255");
	secrets("ID_HMAC_KEY=" K64("b") "\nCSRF_KEY=" K64("c") "\n"
	    "DB_PASSWORD_verification=pv\n");
	CHECK_INT(load(&c, "verification"), -1,
	    "verification refuses without the QR keys folder");

	secrets(MASTER PDF);
	CHECK_INT(load(&c, "students"), 0, "students starts");
	CHECK_INT(c.keys, CFG_AES | CFG_HMAC | CFG_DBPW,
	    "students: AES and blind-index keys");
	CHECK(c.id_key[0] == 0xaa && zero(c.csrf_key, 32),
	    "students: the AES key loaded, no CSRF key");
	CHECK_STR(c.db_pass, "ps", "students: its own DB password");
	CHECK(c.pdf_key == NULL, "students: no PDF signing key");

	secrets(MASTER);
	CHECK_INT(load(&c, "institution"), 0, "institution starts");
	CHECK_INT(c.keys, CFG_HMAC | CFG_CSRF | CFG_DBPW,
	    "institution: blind-index and CSRF keys, no AES key");

	/* A file made for another area, or missing a key: refused. */
	secrets("ID_HMAC_KEY=" K64("b") "\nDB_PASSWORD_students=ps\n");
	CHECK_INT(load(&c, "students"), -1, "students refuses without ID_AES_KEY");
	secrets("ID_HMAC_KEY=" K64("b") "\nDB_PASSWORD_institution=pi\n");
	CHECK_INT(load(&c, "institution"), -1,
	    "institution refuses without CSRF_KEY (login form)");
	secrets("ID_HMAC_KEY=" K64("b") "\nCSRF_KEY=" K64("c") "\n"
	    "DB_PASSWORD_institution=pi\n" QR);
	CHECK_INT(load(&c, "verification"), -1,
	    "verification refuses without its own DB password");
	secrets("ID_AES_KEY=" K64("a") "\nID_HMAC_KEY=abc\n"
	    "DB_PASSWORD_issuance=pu\n");
	CHECK_INT(load(&c, "issuance"), -1, "a short key is refused");
	secrets("ID_AES_KEY=" K64("a") "\nID_HMAC_KEY=" K64("b") "\n"
	    "CSRF_KEY=" K64("c") "\n" PDF QR);
	setenv("XC_DB_PASSWORD", "envpw", 1);
	CHECK_INT(load(&c, "issuance"), 0, "XC_DB_PASSWORD stands for the file's");
	CHECK_STR(c.db_pass, "envpw", "and is used");
	unsetenv("XC_DB_PASSWORD");

	/* The operator's tool: the master file, as the DB administrator. */
	secrets(MASTER);
	CHECK_INT(load(&c, "xadmin"), 0, "xadmin starts");
	CHECK_STR(c.db_user, "root", "xadmin connects as the DB administrator");
	CHECK(c.db_pass == NULL, "xadmin takes no responder's DB password");
	CHECK(c.keys == (CFG_AES | CFG_HMAC | CFG_QRSIGN),
	    "xadmin: AES and blind-index keys, the QR signing key (seed-demo)");
	secrets("ID_AES_KEY=" K64("a") "\n" "ID_HMAC_KEY=" K64("b") "\n");
	CHECK_INT(load(&c, "xadmin"), 0,
	    "xadmin starts without a QR key (only seeding needs it)");

	secrets(MASTER);
	CHECK_INT(load(&c, "nosuch"), -1, "an unknown area is refused");
	config_free(&c);
	return tap_done();
}
