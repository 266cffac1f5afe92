/*
 * tap.h: a tiny header-only test helper for tests/unit/test-*.c.
 *
 * Each check prints exactly one line on stdout, "ok - <description>" or
 * "not ok - <description>"; tests/run.sh counts them.  Details of a
 * failure (file, line, got/want) go to stderr.  End main() with
 * "return tap_done();", which is non-zero when any check failed.
 *
 *	CHECK(cond, "description")
 *	CHECK_INT(got, want, "description")
 *	CHECK_STR(got, want, "description")		(NULL-safe)
 *	CHECK_MEM(got, glen, want, wlen, "description")
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_nfail __attribute__((unused));
static int	tap_nrun __attribute__((unused));

static int __attribute__((unused))
tap_check(int ok, const char *file, int line, const char *desc)
{
	tap_nrun++;
	if (!ok)
		tap_nfail++;
	printf("%s - %s\n", ok ? "ok" : "not ok", desc);
	fflush(stdout);
	if (!ok)
		fprintf(stderr, "# %s:%d: failed: %s\n", file, line, desc);
	return ok;
}

static int __attribute__((unused))
tap_int(long long got, long long want, const char *file, int line,
    const char *desc)
{
	if (!tap_check(got == want, file, line, desc))
		fprintf(stderr, "#   got %lld, want %lld\n", got, want);
	return got == want;
}

static int __attribute__((unused))
tap_str(const char *got, const char *want, const char *file, int line,
    const char *desc)
{
	int	 ok;

	ok = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	if (!tap_check(ok, file, line, desc))
		fprintf(stderr, "#   got \"%s\", want \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return ok;
}

static int __attribute__((unused))
tap_mem(const void *got, size_t glen, const void *want, size_t wlen,
    const char *file, int line, const char *desc)
{
	int	 ok;

	ok = got != NULL && glen == wlen && memcmp(got, want, wlen) == 0;
	if (!tap_check(ok, file, line, desc))
		fprintf(stderr, "#   got %zu bytes%s, want %zu bytes\n", glen,
		    got == NULL ? " (null)" : "", wlen);
	return ok;
}

/* Returns the exit status for main(): 0 when every check passed. */
static int __attribute__((unused))
tap_done(void)
{
	fprintf(stderr, "# %d checks, %d failed\n", tap_nrun, tap_nfail);
	return tap_nfail != 0 || tap_nrun == 0;
}

#define CHECK(cond, desc)	tap_check(!!(cond), __FILE__, __LINE__, (desc))
#define CHECK_INT(got, want, desc) \
	tap_int((long long)(got), (long long)(want), __FILE__, __LINE__, (desc))
#define CHECK_STR(got, want, desc) \
	tap_str((got), (want), __FILE__, __LINE__, (desc))
#define CHECK_MEM(got, glen, want, wlen, desc) \
	tap_mem((got), (glen), (want), (wlen), __FILE__, __LINE__, (desc))

#endif /* TAP_H */
