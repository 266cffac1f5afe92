/* config.c: configuration from the environment and keys from the secrets file. */
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

static char *
dupcat(const char *a, const char *b)
{
	size_t	 n = strlen(a) + strlen(b) + 1;
	char	*p;

	if ((p = malloc(n)) == NULL)
		abort();
	snprintf(p, n, "%s%s", a, b);
	return p;
}

/*
 * Read NAME=value lines from the secrets file into the config.  The file
 * must not be readable by group or others.  Returns 0 or -1 (logged).
 */
static int
load_secrets(struct config *c)
{
	FILE		*f;
	struct stat	 st;
	char		 line[512], *eq, *nl;
	int		 have = 0;

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
		if (strcmp(line, "ID_AES_KEY") == 0 &&
		    sec_unhex(eq, c->id_key, 32) == 0)
			have |= 1;
		else if (strcmp(line, "ID_HMAC_KEY") == 0 &&
		    sec_unhex(eq, c->id_hmac, 32) == 0)
			have |= 2;
		else if (strcmp(line, "CSRF_KEY") == 0 &&
		    sec_unhex(eq, c->csrf_key, 32) == 0)
			have |= 4;
		else if (strncmp(line, "DB_PASSWORD_", 12) == 0 &&
		    strcmp(line + 12, c->area) == 0 && c->db_pass == NULL)
			c->db_pass = strdup(eq);
	}
	fclose(f);
	/*
	 * The public verification responder matches blind indexes and never
	 * decrypts: it does not keep the AES key.
	 */
	if (strcmp(c->area, "verification") == 0) {
		OPENSSL_cleanse(c->id_key, sizeof(c->id_key));
		have |= 1;
	}
	if (have != 7) {
		log_warnx("%s: ID_AES_KEY, ID_HMAC_KEY and CSRF_KEY must be "
		    "64 hex digits each", c->secrets);
		return -1;
	}
	return 0;
}

/*
 * Fill c from XC_* environment variables (see README) for the named
 * area.  Returns 0 or -1 when the secrets cannot be loaded.
 */
int
config_load(struct config *c, const char *area)
{
	const char	*var, *port;
	int64_t		 p;

	memset(c, 0, sizeof(*c));
	c->area = area;
	var = env("XC_VAR", "var");
	c->db_socket = env("XC_DB_SOCKET", NULL);
	c->db_host = env("XC_DB_HOST", NULL);
	if (c->db_socket == NULL && c->db_host == NULL)
		c->db_socket = dupcat(var, "/run/db.sock");
	port = env("XC_DB_PORT", "0");
	c->db_port = valid_int(port, 0, 65535, &p) == 0 ? (unsigned)p : 0;
	c->db_user = env("XC_DB_USER", NULL);
	if (c->db_user == NULL)
		c->db_user = dupcat("xc_", area);
	c->db_pass = env("XC_DB_PASSWORD", NULL);
	c->db_name = env("XC_DB_NAME", "xcert");
	c->base_url = env("XC_BASE_URL", "http://127.0.0.1:8080");
	c->templates = env("XC_TEMPLATES", "templates");
	c->fonts = env("XC_FONTS", "bin/fonts");
	c->secrets = env("XC_SECRETS", NULL);
	if (c->secrets == NULL)
		c->secrets = dupcat(var, "/secrets");
	c->secure = strncmp(c->base_url, "https://", 8) == 0;
	return load_secrets(c);
}
