/* arena.c: per-request memory with deferred cleanups, freed in one place. */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define BLOCK_SIZE	(64 * 1024)
#define ALIGN		16

struct	block {
	struct block	*next;
	size_t		 size;
	size_t		 used;
	/* data follows, aligned */
};

struct	defer {
	struct defer	*next;
	void		(*fn)(void *);
	void		*p;
};

struct	arena {
	struct block	*head;		/* current block; the first is kept */
	struct block	*first;
	struct defer	*defers;
	size_t		 total;
};

static size_t
hdrsize(void)
{
	return (sizeof(struct block) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static struct block *
block_new(size_t size)
{
	struct block	*b;

	if ((b = malloc(hdrsize() + size)) == NULL)
		err(1, "arena: malloc");	/* out of memory ends the process */
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/*
 * Make an arena.  Process-lifetime; reset after each request.
 */
struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		err(1, "arena: calloc");
	a->first = a->head = block_new(BLOCK_SIZE);
	return a;
}

/*
 * Allocate n bytes aligned to 16.  Never returns NULL: allocation
 * failure ends the process and the supervisor starts another.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b;
	size_t		 need;
	char		*p;

	need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		errx(1, "arena: size overflow");
	b = a->head;
	if (b->size - b->used < need) {
		b = block_new(need > BLOCK_SIZE ? need : BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b + hdrsize() + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *
arena_calloc(struct arena *a, size_t nm, size_t sz)
{
	void	*p;

	if (sz != 0 && nm > SIZE_MAX / sz)
		errx(1, "arena: calloc overflow");
	p = arena_alloc(a, nm * sz);
	memset(p, 0, nm * sz);
	return p;
}

/* Returns an arena-owned copy of s (NULL stays NULL). */
char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

/* Returns an arena-owned, NUL-terminated copy of n bytes of s. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;
	char	*p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		errx(1, "arena: vsnprintf");
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* Returns an arena-owned formatted string. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Register fn(p) to run when the arena is reset (LIFO).  Call it as soon
 * as a foreign object exists, so every error path releases it.
 */
void
arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct defer	*d;

	d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->p = p;
	d->next = a->defers;
	a->defers = d;
}

/*
 * Run the deferred cleanups, free all blocks but the first and empty it.
 * After this nothing allocated during the request exists.
 */
void
arena_reset(struct arena *a)
{
	struct defer	*d;
	struct block	*b, *next;

	while ((d = a->defers) != NULL) {
		a->defers = d->next;
		d->fn(d->p);
	}
	for (b = a->head; b != a->first; b = next) {
		next = b->next;
		free(b);
	}
	a->head = a->first;
	a->first->used = 0;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->first);
	free(a);
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
