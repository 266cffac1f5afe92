/* hset.c: an arena-backed hash map from 32-byte keys (blind indexes) to non-zero numbers. */
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* Make a map for about n keys. */
void
hset_init(struct arena *a, struct hset *s, size_t n)
{
	s->cap = 64;
	while (s->cap < n * 2)
		s->cap *= 2;
	s->keys = arena_calloc(a, s->cap, 32);
	s->vals = arena_calloc(a, s->cap, sizeof(*s->vals));
	s->n = 0;
}

static size_t
slot(const struct hset *s, const unsigned char *k)
{
	size_t	 h;

	memcpy(&h, k, sizeof(h));	/* an HMAC is already uniform */
	for (h &= s->cap - 1; s->vals[h] != 0; h = (h + 1) & (s->cap - 1))
		if (memcmp(s->keys + h * 32, k, 32) == 0)
			break;
	return h;
}

/*
 * Add key k with value v (non-zero) unless present.  Returns 0 when
 * added, else the value stored first.  The map never fills: it holds at
 * most half its slots (callers size it with hset_init).
 */
int64_t
hset_add(struct hset *s, const unsigned char *k, int64_t v)
{
	size_t	 h;

	if (s->n * 2 >= s->cap)
		abort();
	if (s->vals[h = slot(s, k)] != 0)
		return s->vals[h];
	memcpy(s->keys + h * 32, k, 32);
	s->vals[h] = v;
	s->n++;
	return 0;
}

/* The value of key k, or 0. */
int64_t
hset_get(const struct hset *s, const unsigned char *k)
{
	return s->vals[slot(s, k)];
}
