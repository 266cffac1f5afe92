/* buf.c: growable byte buffers allocated from an arena. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

void
buf_init(struct buf *b, struct arena *a)
{
	b->a = a;
	b->p = NULL;
	b->len = b->cap = 0;
}

static void
grow(struct buf *b, size_t need)
{
	size_t	 cap;
	char	*p;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap * 2 : 1024;
	while (cap < b->len + need + 1)
		cap *= 2;
	p = arena_alloc(b->a, cap);
	if (b->len)
		memcpy(p, b->p, b->len);
	b->p = p;
	b->cap = cap;
}

/* Room for n more bytes at once (a copy of known size, no doublings). */
void
buf_reserve(struct buf *b, size_t n)
{
	grow(b, n);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	buf_puts(b, s);
}

/* Returns the contents as a NUL-terminated string (never NULL). */
const char *
buf_cstr(struct buf *b)
{
	if (b->p == NULL)
		grow(b, 0), b->p[0] = '\0';
	return b->p;
}
