/* test-recycle.c: a responder ends itself when a request left it large (req.c, app_release_memory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tap.h"

int
main(void)
{
	struct app	 app;
	char		*mem;
	volatile char	*big;
	size_t		 i, n = 24u << 20;

	memset(&app, 0, sizeof(app));
	app.rss_max = 16L << 20;
	/*
	 * Under valgrind (make valgrind sets XC_VALGRIND) malloc is
	 * valgrind's: mallinfo2() reports nothing, so the checks, which
	 * need glibc's figures, are not made (and not counted), and the
	 * test says so; the call itself still runs under memcheck.
	 */
	if (getenv("XC_VALGRIND") != NULL) {
		(void)app_release_memory(&app);
		printf("# recycling checks not made under valgrind\n");
		return 0;
	}
	CHECK_INT(app_release_memory(&app), 0,
	    "the first request sets what the process holds: it serves on");
	app.served = 1;
	CHECK_INT(app_release_memory(&app), 0,
	    "holding what it held after its first request: it serves on");

	/* What a heavy request leaves in use (a client buffer, a cache). */
	big = mem = malloc(n);
	CHECK(big != NULL, "24 MB allocated");
	for (i = 0; big != NULL && i < n; i += 4096)
		big[i] = 1;		/* resident, page by page */
	CHECK_INT(app_release_memory(&app), 1,
	    "24 MB more in use and resident over 16 MB: it ends");
	app.rss_max = 4096L << 20;
	CHECK_INT(app_release_memory(&app), 0,
	    "the same under a 4096 MB limit (XC_RSS_MAX_MB): it serves on");
	app.rss_max = 16L << 20;
	free(mem);
	CHECK_INT(app_release_memory(&app), 0,
	    "given back (free, trimmed): it serves on");
	return tap_done();
}
