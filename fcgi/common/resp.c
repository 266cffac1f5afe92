/* resp.c: status lines, security headers, cookies, redirects and error pages. */
#include <sys/uio.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "app.h"

#define CSP	"default-src 'self'; img-src 'self' data:; style-src 'self'; " \
		"script-src 'self'; object-src 'none'; base-uri 'none'; " \
		"form-action 'self'; frame-ancestors 'none'"

static const struct {
	int		 status;
	const char	*reason;
	const char	*msg;		/* shown to the user */
} errors[RC__MAX] = {
	{ 200, "OK", "" },					/* RC_OK */
	{ 400, "Bad Request", "请求格式不正确，请检查填写的内容后重试。" },	/* RC_BADREQ */
	{ 403, "Forbidden", "请求未通过安全校验（页面可能已过期），请刷新页面后重试。" }, /* RC_DENIED */
	{ 404, "Not Found", "您访问的页面不存在，或您无权查看。" },	/* RC_NOTFOUND */
	{ 405, "Method Not Allowed", "不支持该请求方式。" },		/* RC_METHOD */
	{ 409, "Conflict", "数据已被修改或已存在，请刷新后重试。" },	/* RC_CONFLICT */
	{ 413, "Payload Too Large", "提交的内容过大，请缩小后重试。" },	/* RC_TOOLARGE */
	{ 429, "Too Many Requests", "尝试次数过多，请15分钟后再试。" },	/* RC_THROTTLED */
	{ 500, "Internal Server Error", "服务器内部错误，请稍后重试。" },	/* RC_ERROR */
	{ 503, "Service Unavailable", "系统暂时无法访问数据库，请稍后重试。" }, /* RC_UNAVAIL */
	{ 409, "Conflict", "系统繁忙，请重试。" },			/* RC_RETRY */
};

/* The HTTP status for rc. */
int
resp_status(enum rc rc)
{
	return rc < RC__MAX ? errors[rc].status : 500;
}

static const char *
reason(int status)
{
	size_t	 i;

	if (status == 303)
		return "See Other";
	for (i = 0; i < RC__MAX; i++)
		if (errors[i].status == status)
			return errors[i].reason;
	return "OK";
}

/* Add a response header; name and value must not hold CR or LF. */
void
resp_header(struct req *r, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") != NULL)
		return;
	buf_printf(&r->hdrs, "%s: %s\r\n", name, value);
}

/* Add a Set-Cookie header (value is the whole cookie string). */
void
resp_cookie(struct req *r, const char *c)
{
	if (r->ncookies < nitems(r->set_cookie))
		r->set_cookie[r->ncookies++] = c;
}

/*
 * The body of a large answer as FastCGI stdout records of up to
 * REC_MAX bytes each, written to the connection directly: libfcgi's
 * stream sends 8 KB records, one write each (17 for a 130 KB list page,
 * each waking nginx to read it).  The stream is flushed first (the
 * headers), so the order holds; libfcgi ends the stream and the request
 * as usual.  REC_MAX is the largest record content that is a multiple
 * of 8 (no padding).  Returns 0, or -1 when the connection failed.
 */
#define REC_MAX		65528
#define FCGI_STDOUT_T	6	/* FastCGI 1.0, FCGI_STDOUT */

/* Write iov[0..n) whole to fd (blocking or not); 0, or -1. */
static int
write_all(int fd, struct iovec *iov, int n)
{
	struct pollfd	 pfd;
	ssize_t		 w;

	while (n > 0) {
		if ((w = writev(fd, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -1;
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, 60 * 1000) != 1)
				return -1;
			continue;
		}
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static int
put_records(FCGX_Request *fr, const unsigned char *p, size_t len)
{
	static const unsigned char pad[8];
	unsigned char	 h[8];
	struct iovec	 iov[3];
	size_t		 n;

	if (FCGX_FFlush(fr->out) == -1 || fr->ipcFd < 0)
		return -1;
	for (; len > 0; p += n, len -= n) {
		n = len > REC_MAX ? REC_MAX : len;
		h[0] = 1;
		h[1] = FCGI_STDOUT_T;
		h[2] = (unsigned char)(fr->requestId >> 8);
		h[3] = (unsigned char)fr->requestId;
		h[4] = (unsigned char)(n >> 8);
		h[5] = (unsigned char)n;
		h[6] = (unsigned char)((8 - n % 8) % 8);	/* padding */
		h[7] = 0;
		iov[0].iov_base = h;
		iov[0].iov_len = sizeof(h);
		iov[1].iov_base = (void *)(uintptr_t)p;
		iov[1].iov_len = n;
		iov[2].iov_base = (void *)(uintptr_t)pad;
		iov[2].iov_len = h[6];
		if (write_all(fr->ipcFd, iov, h[6] ? 3 : 2) == -1)
			return -1;
	}
	return 0;
}

/*
 * Send the status, headers (security headers on everything) and body.
 * Dynamic responses are never cached, but for a handler's r->cache.
 */
enum rc
resp_send(struct req *r, int status, const char *ctype, const void *body,
    size_t len)
{
	FCGX_Stream	*o = r->fr->out;
	size_t		 i;

	FCGX_FPrintF(o, "Status: %d %s\r\n", status, reason(status));
	FCGX_FPrintF(o, "Content-Type: %s\r\n", ctype);
	FCGX_FPrintF(o, "Content-Length: %lu\r\n", (unsigned long)len);
	FCGX_PutS("Content-Security-Policy: " CSP "\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n", o);
	FCGX_FPrintF(o, "Cache-Control: %s\r\n", r->cache != NULL ?
	    r->cache : "no-store");
	for (i = 0; i < r->ncookies; i++)
		FCGX_FPrintF(o, "Set-Cookie: %s\r\n", r->set_cookie[i]);
	if (r->hdrs.len)
		FCGX_PutStr(r->hdrs.p, (int)r->hdrs.len, o);
	FCGX_PutS("\r\n", o);
	if (r->method == METHOD_HEAD || len == 0)
		;
	else if (len < 2 * 8192)
		FCGX_PutStr(body, (int)len, o);
	else if (put_records(r->fr, body, len) == -1)
		log_warnx("the answer's body was not sent whole: %s",
		    strerror(errno));
	r->responded = 1;
	r->status = status;
	return RC_OK;
}

/* The confirmations, by enum flash: the key in the URL and the message. */
static const struct {
	const char	*key;
	const char	*msg;
} flashes[FLASH__MAX] = {
	{ "saved", "已保存。" },				/* FLASH_SAVED */
	{ "created", "已新建。" },				/* FLASH_CREATED */
	{ "flagged", "已通知学校在期限内完善该信息。" },	/* FLASH_FLAGGED */
	{ "confirmed", "已确认完善，已通知培训评价组织验收。" },	/* FLASH_CONFIRMED */
	{ "accepted", "已验收通过。" },				/* FLASH_ACCEPTED */
	{ "reflagged", "已退回，已通知学校重新完善。" },	/* FLASH_REFLAGGED */
	{ "photo", "照片已上传。" },				/* FLASH_PHOTO */
	{ "uploaded", "已上传，请确认预览效果后保存。" },	/* FLASH_UPLOADED */
	{ "seal", "签章已保存，确认签发证书时将使用当前版本。" }, /* FLASH_SEAL */
	{ "deleted", "已删除。" },				/* FLASH_DELETED */
	{ "password", "密码已修改，其他设备上的登录已全部退出。" }, /* FLASH_PASSWORD */
	{ "disabled", "账号已停用，其登录已全部退出。" },	/* FLASH_DISABLED */
	{ "enabled", "账号已启用。" },				/* FLASH_ENABLED */
	{ "read", "通知已全部标为已读。" },			/* FLASH_READ */
	{ "logout", "已退出登录。" },				/* FLASH_LOGOUT */
	{ "generated", "已生成待签发名单，已通知相关院校。" },	/* FLASH_GENERATED */
	{ "gen-none", "没有需要生成的证书：通过考试的学生均已生成证书记录。" },
								/* FLASH_GEN_NONE */
	{ "gen-held", "没有生成证书：尚未生成的学生都有待完善的信息，完善并验收后再生成。" },
								/* FLASH_GEN_HELD */
	{ "submitted", "已提交考核站点负责人签字，并已通知负责人。" },	/* FLASH_SUBMITTED */
	{ "rejected", "已拒绝签发，拒绝理由已通知对方。" },	/* FLASH_REJECTED */
	{ "reissued", "已重新签发，证书记录已回到拒绝方的待签发状态。" },	/* FLASH_REISSUED */
};

static enum rc
redirect(struct req *r, const char *loc)
{
	if (loc[0] != '/' || loc[1] == '/' || loc[1] == '\\')
		loc = "/";
	resp_header(r, "Location", loc);
	return resp_send(r, 303, "text/html; charset=utf-8", "", 0);
}

/*
 * Answer 303 See Other to a local path (the format's result must start
 * with one '/').  Returns RC_OK once sent.
 */
enum rc
resp_redirect(struct req *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*loc;

	va_start(ap, fmt);
	loc = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	return redirect(r, loc);
}

/*
 * As resp_redirect(), for a change that succeeded: the target gets
 * ok=<key of f> so the page it shows confirms the change.
 */
enum rc
resp_redirect_ok(struct req *r, enum flash f, const char *fmt, ...)
{
	va_list	 ap;
	char	*loc;

	va_start(ap, fmt);
	loc = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	return redirect(r, arena_printf(r->arena, "%s%cok=%s", loc,
	    strchr(loc, '?') != NULL ? '&' : '?', flashes[f].key));
}

/*
 * The message for the request's ?ok= key, or NULL when there is none or
 * the key is unknown.  Returns a static string.
 */
const char *
resp_flash(struct req *r)
{
	static const struct field ok = { "ok", FT_TEXT, 16 };
	struct fval	 v;
	size_t		 i;

	memset(&v, 0, sizeof(v));
	if (r->query == NULL || form_urlencoded(r->arena, r->query,
	    strlen(r->query), &ok, 1, &v) != FORM_OK || !v.present)
		return NULL;
	for (i = 0; i < FLASH__MAX; i++)
		if (strcmp(v.val, flashes[i].key) == 0)
			return flashes[i].msg;
	return NULL;
}

/*
 * Percent-encode s for a URL query value.  Returns an arena-owned string.
 */
char *
resp_urlenc(struct arena *a, const char *s)
{
	static const char	 hx[] = "0123456789ABCDEF";
	char			*out, *o;
	unsigned char		 c;

	o = out = arena_alloc(a, strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~/", c) != NULL)
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hx[c >> 4];
			*o++ = hx[c & 15];
		}
	}
	*o = '\0';
	return out;
}

/*
 * Send the error page for rc (templates/errors.cs inside the layout),
 * falling back to plain text when the template itself fails.
 */
void
resp_error(struct req *r, enum rc rc)
{
	int	 status = resp_status(rc);
	char	*txt;

	if (rc >= RC__MAX)
		rc = RC_ERROR;
	if (rc == RC_METHOD)
		resp_header(r, "Allow", "GET, HEAD, POST");
	if (rc == RC_UNAVAIL)
		resp_header(r, "Retry-After", "5");
	tmpl_set(r, "Error.Code", arena_printf(r->arena, "%d", status));
	tmpl_set(r, "Error.Message", errors[rc].msg);
	if (tmpl_page(r, status, "errors.cs", "出错了") == RC_OK)
		return;
	txt = arena_printf(r->arena, "%d %s\n%s\n请求编号 %s\n", status,
	    reason(status), errors[rc].msg, r->id);
	resp_send(r, status, "text/plain; charset=utf-8", txt, strlen(txt));
}
