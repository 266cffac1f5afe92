/* qrtext.c: a confirmed certificate's signed QR payload: frozen, then drawn. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "canon.h"
#include "qrpay.h"
#include "issuance.h"

/*
 * The signed QR payloads of the n records of a site's signature (it:
 * their ids and content hashes, num: their numbers, as checked under
 * their locks) confirmed on day (YYYY-MM-DD): the JSON array
 * [[id,"payload"],...] that the site's move stores with them, so a
 * certificate is never confirmed without one.  Returns NULL on error
 * (logged).
 */
const char *
iss_qr_payloads(struct req *r, const struct manifest_item *it,
    const char *const *num, size_t n, const char *day)
{
	struct buf	 json;
	char		 p[QRPAY_CHARS + 1];
	size_t		 i;

	if (r->app->qr == NULL || r->app->qr->priv == NULL) {
		log_warnx("no QR signing key: cannot confirm certificates");
		return NULL;
	}
	buf_init(&json, r->arena);
	buf_puts(&json, "[");
	for (i = 0; i < n; i++) {
		if (qrpay_sign(r->app->qr, num[i], day, it[i].hash, p) == -1)
			return NULL;
		/* Digits and base32 only: no JSON escaping needed. */
		buf_printf(&json, "%s[%lld,\"%s\"]", i > 0 ? "," : "",
		    (long long)it[i].id, p);
	}
	buf_puts(&json, "]");
	return buf_cstr(&json);
}

/*
 * The text of a certificate's QR code, for the renderer: the public
 * verification URL of its frozen payload (<base>/verify/q/<payload>),
 * or, for a record not confirmed yet (a preview), the public page.
 */
const char *
iss_qr_text(struct req *r, const char *payload)
{
	if (payload == NULL || *payload == '\0')
		return arena_printf(r->arena, "%s/verify", r->cfg->base_url);
	return arena_printf(r->arena, "%s/verify/q/%s", r->cfg->base_url,
	    payload);
}
