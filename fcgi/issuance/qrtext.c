/* qrtext.c: a confirmed certificate's signed QR payload: frozen, then drawn. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "canon.h"
#include "qrpay.h"
#include "issuance.h"

/*
 * A batch's payloads from..to-1 into out (QRPAY_CHARS + 1 each, by
 * record): the part a second thread signs.  qrpay_sign() reads the key
 * and the record's fields only.
 */
struct qr_part {
	const struct qrkeys		*k;
	const struct manifest_item	*it;
	const char *const		*num;
	const char			*day;
	char				*out;
	size_t				 from, to;
	int				 rc;
};

static void *
qr_sign_part(void *arg)
{
	struct qr_part	*q = arg;
	size_t		 i;

	q->rc = 0;
	for (i = q->from; i < q->to; i++)
		if (qrpay_sign(q->k, q->num[i], q->day, q->it[i].hash,
		    q->out + i * (QRPAY_CHARS + 1)) == -1) {
			q->rc = -1;
			break;
		}
	return NULL;
}

/*
 * A batch this large signs its second half on a second thread: an
 * Ed25519 signature is about 40 us, 0.4 s of a 10,000-record
 * signature's transaction, while the database waits (two cores here).
 */
#define QR_SPLIT	512

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
	struct qr_part	 a, b;
	struct buf	 json;
	pthread_t	 th;
	size_t		 i;
	int		 two;

	if (r->app->qr == NULL || r->app->qr->priv == NULL) {
		log_warnx("no QR signing key: cannot confirm certificates");
		return NULL;
	}
	a.k = r->app->qr;
	a.it = it;
	a.num = num;
	a.day = day;
	a.out = arena_alloc(r->arena, (n > 0 ? n : 1) * (QRPAY_CHARS + 1));
	a.from = 0;
	a.to = n;
	b = a;
	two = n >= QR_SPLIT;
	if (two) {
		a.to = b.from = n / 2;
		two = pthread_create(&th, NULL, qr_sign_part, &b) == 0;
		if (!two)	/* no second thread to be had: this one */
			a.to = n;
	}
	qr_sign_part(&a);
	if (two && pthread_join(th, NULL) != 0) {
		log_warnx("qr payloads: the signing thread was lost");
		return NULL;
	}
	if (a.rc == -1 || (two && b.rc == -1))
		return NULL;
	buf_init(&json, r->arena);
	buf_puts(&json, "[");
	for (i = 0; i < n; i++)
		/* Digits and base32 only: no JSON escaping needed. */
		buf_printf(&json, "%s[%lld,\"%s\"]", i > 0 ? "," : "",
		    (long long)it[i].id, a.out + i * (QRPAY_CHARS + 1));
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
