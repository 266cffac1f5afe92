/* test-tmpl.c: the per-process parse cache of tmpl_render (issue 13). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "tap.h"

static char	 dir[] = "/tmp/xctmpl.XXXXXX";

static void
put(const char *name, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

static void
rm(const char *name)
{
	char	 path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/*
 * Render file as a fresh request would: its own arena and HDF with
 * Page.Template = page and Who = who.  Returns the text (malloc'd) or
 * "(failed)".
 */
static char *
render(const struct config *cfg, const char *file, const char *page,
    const char *who)
{
	struct req	 r;
	struct buf	 out;
	char		*s;

	memset(&r, 0, sizeof(r));
	r.arena = arena_new();
	r.cfg = cfg;
	tmpl_set(&r, "Page.Template", page);
	tmpl_set(&r, "Who", who);
	tmpl_setn(&r, who, "Items.%d.Name", 0);
	buf_init(&out, r.arena);
	if (tmpl_render(&r, file, &out) == RC_OK)
		s = strndup(out.p != NULL ? out.p : "", out.len);
	else
		s = strdup("(failed)");
	arena_free(r.arena);
	return s;
}

static void
check(const struct config *cfg, const char *file, const char *page,
    const char *who, const char *want, const char *what)
{
	char	*got = render(cfg, file, page, who);

	CHECK_STR(got, want, what);
	free(got);
}

int
main(void)
{
	struct config	 cfg;

	log_setup("test-tmpl");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.templates = dir;
	put("layout.cs", "[<?cs var:Who ?>|<?cs include:Page.Template ?>]");
	put("a.cs", "A<?cs each:i = Items ?>:<?cs var:i.Name ?><?cs /each ?>");
	put("b.cs", "B:<?cs var:html_escape(Who) ?>");

	check(&cfg, "layout.cs", "a.cs", "<x>", "[&lt;x&gt;|A:&lt;x&gt;]",
	    "first parse: escaped, the page template included");
	check(&cfg, "layout.cs", "a.cs", "bob", "[bob|A:bob]",
	    "the kept parse with the next request's data, none of the last's");
	check(&cfg, "layout.cs", "b.cs", "carol", "[carol|B:carol]",
	    "another page template: its own parse (string functions there)");
	check(&cfg, "layout.cs", "a.cs", "<dan>", "[&lt;dan&gt;|A:&lt;dan&gt;]",
	    "back to the first: still escaped");
	put("a.cs", "changed");
	check(&cfg, "layout.cs", "a.cs", "eve", "[eve|A:eve]",
	    "kept per process: a changed file is read on restart only");
	/* (A parse error is not tested: ClearSilver leaks on it.) */
	check(&cfg, "layout.cs", "b.cs", "gus", "[gus|B:gus]",
	    "the second page template's parse kept too");

	rm("layout.cs");
	rm("a.cs");
	rm("b.cs");
	rmdir(dir);
	return tap_done();
}
