/* canon.c: canonical certificate content (JSON) and signing manifests (pure). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "canon.h"

/* A JSON string: quotes, backslash and control characters escaped. */
static void
jstr(struct buf *b, const char *s)
{
	static const char	 hx[] = "0123456789abcdef";
	const unsigned char	*p;
	char			 esc[7];

	buf_puts(b, "\"");
	for (p = (const unsigned char *)(s != NULL ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			buf_add(b, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hx[*p >> 4];
			esc[5] = hx[*p & 15];
			buf_add(b, esc, 6);
		} else
			buf_add(b, p, 1);
	}
	buf_puts(b, "\"");
}

static void
kstr(struct buf *b, const char *k, const char *v, int more)
{
	jstr(b, k);
	buf_puts(b, ":");
	jstr(b, v);
	if (more)
		buf_puts(b, ",");
}

static void
kint(struct buf *b, const char *k, int64_t v)
{
	jstr(b, k);
	buf_printf(b, ":%" PRId64 ",", v);
}

/*
 * Append the canonical JSON of c to b.  Version 1; a change of shape
 * is a new version, never an edit of this one (frozen certificates are
 * re-hashed from these bytes).
 */
void
canon_json(struct buf *b, const struct canon *c)
{
	buf_puts(b, "{\"v\":1,");
	kstr(b, "number", c->number, 1);
	buf_puts(b, "\"holder\":{");
	kstr(b, "name", c->name, 1);
	kstr(b, "gender", c->gender, 1);
	kstr(b, "id_type", c->id_type, 1);
	kstr(b, "id_hmac", c->id_hmac, 1);
	kstr(b, "id_mask", c->id_mask, 0);
	buf_puts(b, "},\"certificate\":{");
	kstr(b, "name", c->cert_name, 1);
	kstr(b, "level", c->level, 0);
	buf_puts(b, "},\"organisation\":{");
	kint(b, "id", c->org_id);
	kstr(b, "name", c->org_name, 0);
	buf_puts(b, "},\"institution\":{");
	kint(b, "id", c->inst_id);
	kstr(b, "code", c->inst_code, 1);
	kstr(b, "name", c->inst_name, 0);
	buf_puts(b, "},\"site\":{");
	kint(b, "id", c->site_id);
	kstr(b, "code", c->site_code, 1);
	kstr(b, "name", c->site_name, 0);
	buf_puts(b, "},\"plan\":{");
	kint(b, "id", c->plan_id);
	kstr(b, "name", c->plan_name, 0);
	buf_puts(b, "},\"result\":{");
	kstr(b, "status", c->result, 1);
	kstr(b, "score", c->score, 0);
	buf_puts(b, "}}");
}

/* The SHA-256 of n bytes at p as 64 lower-case hex digits. */
void
canon_hash(const char *p, size_t n, char out[65])
{
	unsigned char	 h[32];

	sec_sha256(p, n, h);
	sec_hex(h, sizeof(h), out);
	out[64] = '\0';
}

static const char *const party_key[CERT_BY__MAX] = {
	[CERT_BY_ORG] = "org",
	[CERT_BY_SITE] = "site",
};

/*
 * The text a signature covers: a header naming the signing party and
 * the action (so a signature cannot be replayed for the other party or
 * another action), then one "id hash" line per record, in order.
 */
void
manifest_text(struct buf *b, enum cert_party party, const char *action,
    const struct manifest_item *it, size_t n)
{
	size_t	 i;

	buf_printf(b, "xcert-manifest-v1 party=%s action=%s count=%zu\n",
	    party < CERT_BY__MAX ? party_key[party] : "?", action, n);
	for (i = 0; i < n; i++)
		buf_printf(b, "%" PRId64 " %s\n", it[i].id, it[i].hash);
}

void
manifest_hash(struct arena *a, enum cert_party party, const char *action,
    const struct manifest_item *it, size_t n, char out[65])
{
	struct buf	 b;

	buf_init(&b, a);
	manifest_text(&b, party, action, it, n);
	canon_hash(b.p, b.len, out);
}
