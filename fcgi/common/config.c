/* config.c: configuration from the environment and keys from the secrets file. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "app.h"

static const char *
env(const char *name, const char *def)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

/* a and b joined, owned by c (freed by config_free). */
static char *
dupcat(struct config *c, const char *a, const char *b)
{
	size_t	 n = strlen(a) + strlen(b) + 1;
	char	*p;

	if ((p = malloc(n)) == NULL || c->nowned == nitems(c->owned))
		abort();
	snprintf(p, n, "%s%s", a, b);
	c->owned[c->nowned++] = p;
	return p;
}

/* Free what config_load allocated (the strings it made). */
void
config_free(struct config *c)
{
	while (c->nowned > 0)
		free(c->owned[--c->nowned]);
}

/*
 * What each program needs from its secrets file, and nothing more: the
 * AES key only where full ID numbers are shown or imported, the blind-
 * index key where ID numbers are looked up, the CSRF key where anonymous
 * visitors post forms, the PDF signing key where certificates are
 * downloaded.  deploy/stack.sh writes each area's file to match.
 */
static const struct {
	const char	*area;
	const char	*db_user;	/* NULL: xc_<area> */
	unsigned int	 keys;
} needs[] = {
	/* login (also by ID number), the anonymous login form */
	{ "institution",	NULL,	CFG_HMAC | CFG_CSRF | CFG_DBPW },
	/* records: ID numbers shown, edited and imported */
	{ "students",		NULL,	CFG_AES | CFG_HMAC | CFG_DBPW },
	/*
	 * lists filtered by ID number; the signing page on the phone is an
	 * anonymous form, and its one-time tokens are derived with this key;
	 * it signs the certificate PDFs it serves, whose print copy shows
	 * the ID number in full (issue 10: the AES key)
	 */
	{ "issuance",		NULL,	CFG_AES | CFG_HMAC | CFG_CSRF | CFG_DBPW |
	    CFG_PDF | CFG_QRSIGN },
	/* public lookup by ID number from an anonymous form; never decrypts */
	{ "verification",	NULL,	CFG_HMAC | CFG_CSRF | CFG_DBPW | CFG_QRPUB },
	/*
	 * the operator's tool (demo data, first admin, reminders) runs as
	 * the database administrator, like the migrations, and reads the
	 * master file the areas' files are made from
	 */
	{ "xadmin",		"root",	CFG_AES | CFG_HMAC | CFG_QRSIGN },
};

static const struct {
	const char	*name;
	unsigned int	 bit;
	size_t		 off;
} keys[] = {
	{ "ID_AES_KEY",		CFG_AES,  offsetof(struct config, id_key) },
	{ "ID_HMAC_KEY",	CFG_HMAC, offsetof(struct config, id_hmac) },
	{ "CSRF_KEY",		CFG_CSRF, offsetof(struct config, csrf_key) },
};

/* The PDF signing key's files (PEM), by path: never the key itself. */
static const struct {
	const char	*name;
	unsigned int	 bit;
	size_t		 off;
} files[] = {
	{ "PDF_KEY_FILE",	CFG_PDF,    offsetof(struct config, pdf_key) },
	{ "PDF_CERT_FILE",	CFG_PDF,    offsetof(struct config, pdf_cert) },
	/* optional */
	{ "PDF_CHAIN_FILE",	CFG_PDF,    offsetof(struct config, pdf_chain) },
	{ "QR_KEY_FILE",	CFG_QRSIGN, offsetof(struct config, qr_key) },
	{ "QR_PUB_DIR",		CFG_QRPUB,  offsetof(struct config, qr_pubdir) },
};

/*
 * Read NAME=value lines from the secrets file into the config: the keys
 * the area needs (c->keys says which were loaded) and its own DB
 * password.  The file must not be readable by group or others.  A key
 * the area does not need is never loaded.  Returns 0, or -1 (logged)
 * when the file or a key the area needs is missing.
 */
static int
load_secrets(struct config *c, unsigned int need)
{
	FILE		*f;
	struct stat	 st;
	char		 line[512], *eq, *nl;
	const char	**fp;
	int64_t		 kid;
	size_t		 i;

	if ((f = fopen(c->secrets, "r")) == NULL) {
		log_warn("%s", c->secrets);
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0)
		log_warnx("%s: readable by others; chmod 600 it", c->secrets);
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if ((eq = strchr(line, '=')) == NULL || line[0] == '#')
			continue;
		*eq++ = '\0';
		for (i = 0; i < nitems(keys); i++) {
			if (strcmp(line, keys[i].name) != 0)
				continue;
			/* A responder's file holds only what it needs. */
			if (!(need & keys[i].bit)) {
				if (need & CFG_DBPW)
					log_warnx("%s: holds %s, which %s does "
					    "not need: ignored", c->secrets,
					    line, c->area);
			} else if (sec_unhex(eq, (unsigned char *)c +
			    keys[i].off, 32) == 0)
				c->keys |= keys[i].bit;
		}
		for (i = 0; i < nitems(files); i++) {
			fp = (const char **)((char *)c + files[i].off);
			if ((need & files[i].bit) &&
			    strcmp(line, files[i].name) == 0 && *eq != '\0' &&
			    *fp == NULL)
				*fp = dupcat(c, eq, "");
		}
		if ((need & CFG_QRSIGN) && strcmp(line, "QR_KEY_ID") == 0 &&
		    valid_int(eq, 1, 255, &kid) == 0)
			c->qr_kid = (unsigned int)kid;
		if (strncmp(line, "DB_PASSWORD_", 12) == 0 &&
		    strcmp(line + 12, c->area) == 0 && c->db_pass == NULL)
			c->db_pass = dupcat(c, eq, "");
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	if (c->db_pass != NULL)
		c->keys |= CFG_DBPW;
	if (c->pdf_key != NULL && c->pdf_cert != NULL)
		c->keys |= CFG_PDF;
	if (c->qr_key != NULL && c->qr_kid != 0)
		c->keys |= CFG_QRSIGN;
	if (c->qr_pubdir != NULL)
		c->keys |= CFG_QRPUB;
	for (i = 0; i < nitems(keys); i++)
		if ((need & keys[i].bit) && !(c->keys & keys[i].bit)) {
			log_warnx("%s: %s missing or not 64 hex digits; %s "
			    "needs it: not starting", c->secrets, keys[i].name,
			    c->area);
			return -1;
		}
	if ((need & CFG_PDF) && !(c->keys & CFG_PDF)) {
		log_warnx("%s: PDF_KEY_FILE or PDF_CERT_FILE missing; %s signs "
		    "certificate PDFs: not starting", c->secrets, c->area);
		return -1;
	}
	/* xadmin signs QR payloads only when it seeds confirmed demo data. */
	if ((need & CFG_QRSIGN) && (need & CFG_DBPW) &&
	    !(c->keys & CFG_QRSIGN)) {
		log_warnx("%s: QR_KEY_FILE or QR_KEY_ID (1-255) missing; %s "
		    "signs QR payloads: not starting", c->secrets, c->area);
		return -1;
	}
	if ((need & CFG_QRPUB) && !(c->keys & CFG_QRPUB)) {
		log_warnx("%s: QR_PUB_DIR missing; %s verifies QR payloads: "
		    "not starting", c->secrets, c->area);
		return -1;
	}
	if ((need & CFG_DBPW) && !(c->keys & CFG_DBPW)) {
		log_warnx("%s: DB_PASSWORD_%s missing (or set XC_DB_PASSWORD): "
		    "not starting", c->secrets, c->area);
		return -1;
	}
	return 0;
}

/*
 * Fill c from XC_* environment variables (see README) for the named
 * area.  Returns 0, or -1 when the area is unknown or its secrets
 * cannot be loaded.
 */
int
config_load(struct config *c, const char *area)
{
	const char	*var, *port;
	int64_t		 p;
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->area = area;
	for (i = 0; i < nitems(needs); i++)
		if (strcmp(needs[i].area, area) == 0)
			break;
	if (i == nitems(needs)) {
		log_warnx("%s: no such area", area);
		return -1;
	}
	var = env("XC_VAR", "var");
	c->db_socket = env("XC_DB_SOCKET", NULL);
	c->db_host = env("XC_DB_HOST", NULL);
	if (c->db_socket == NULL && c->db_host == NULL)
		c->db_socket = dupcat(c, var, "/run/db.sock");
	port = env("XC_DB_PORT", "0");
	c->db_port = valid_int(port, 0, 65535, &p) == 0 ? (unsigned)p : 0;
	c->db_user = env("XC_DB_USER", needs[i].db_user);
	if (c->db_user == NULL)
		c->db_user = dupcat(c, "xc_", area);
	c->db_pass = env("XC_DB_PASSWORD", NULL);
	c->db_name = env("XC_DB_NAME", "xcert");
	c->base_url = env("XC_BASE_URL", "http://127.0.0.1:8080");
	c->templates = env("XC_TEMPLATES", "templates");
	c->fonts = env("XC_FONTS", "bin/fonts");
	c->secrets = env("XC_SECRETS", NULL);
	if (c->secrets == NULL)
		c->secrets = dupcat(c, var, "/secrets");
	c->jobs = env("XC_JOBS", NULL);
	if (c->jobs == NULL)
		c->jobs = dupcat(c, var, "/jobs");
	c->secure = strncmp(c->base_url, "https://", 8) == 0;
	return load_secrets(c, needs[i].keys);
}
