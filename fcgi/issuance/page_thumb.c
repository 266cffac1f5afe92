/* page_thumb.c: the watermarked thumbnail that a successful verification shows (its URL: thumb.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "img.h"
#include "issuance.h"
#include "thumb.h"

/*
 * GET /certs/thumb/#/#/$.png: certificate arg[0]'s 150 dpi web view (ID
 * number masked, checked against its frozen hash) scaled down and
 * watermarked "仅供查验 <day>", with 已撤销 / 已被替换 across a withdrawn
 * one.  The URL is the permission: the verification area makes it for
 * the certificate it just found (thumb_url()); a wrong HMAC, another
 * status than the certificate's now, or a day other than today or
 * yesterday is 404, checked before anything is drawn.  nginx caches it.
 */
enum rc
iss_cert_thumb(struct req *r)
{
	struct iss_drawn	 o;
	const char		*number, *status, *want, *tok, *why;
	char			 font[512];
	gdImagePtr		 im;
	void			*png;
	size_t			 n;
	int			 day = (int)r->arg[1];
	enum rc			 rc;

	if (r->arg[1] > 99991231 || !thumb_day_ok(day) ||
	    db_row(r->db, r->arena, STMT_THUMB_ARGS, DB_ARGS(DB_I(r->arg[0])),
	    DB_OUT(DB_OS(&number), DB_OS(&status))) != RC_OK)
		return RC_NOTFOUND;
	want = strrchr(thumb_url(r, r->arg[0], number, status, day), '/');
	if ((tok = strrchr(r->path, '/')) == NULL ||
	    strlen(tok) != strlen(want) || !sec_eq(tok, want, strlen(tok)))
		return RC_NOTFOUND;
	if ((rc = iss_render(r, STMT_THUMB_ONE, DB_ARGS(DB_I(r->arg[0])), 150,
	    &o)) != RC_OK)
		return rc == RC_NOTFOUND ? RC_ERROR : rc;
	/* A web view that is not the frozen one is not shown, even small. */
	if ((rc = iss_frozen_png(r, &o, 150, &png, &n, &why)) != RC_OK)
		return rc == RC_CONFLICT ? RC_NOTFOUND : rc;
	snprintf(font, sizeof(font), "%s/" FONT_BOLD, r->cfg->fonts);
	if ((im = img_defer(r->arena, thumb_draw(o.im, font, day,
	    thumb_word(status)))) == NULL ||
	    (png = img_png_opaque(r->arena, im, 1, &n)) == NULL)
		return RC_ERROR;
	r->cache = "public, max-age=3600";
	return resp_send(r, 200, "image/png", png, n);
}
