/* test-canon.c: canonical certificate content and signing manifests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "canon.h"
#include "tap.h"

static struct canon
sample(void)
{
	struct canon	 c;

	memset(&c, 0, sizeof(c));
	c.number = "15600031012020000000013";
	c.name = "朱鹏飞";
	c.gender = "男";
	c.id_type = "居民身份证";
	c.id_hmac = "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff";
	c.id_mask = "610114*****1011";
	c.cert_name = "特殊焊接技术职业技能等级证书";
	c.level = "初级";
	c.org_id = 1;
	c.org_name = "中船教育科技(北京)有限公司";
	c.inst_id = 2;
	c.inst_code = "21020000000000000000";
	c.inst_name = "滨海船舶职业技术学院";
	c.site_id = 2;
	c.site_code = "21020000000000000000";
	c.site_name = "滨海船舶职业技术学院";
	c.plan_id = 3;
	c.plan_name = "2020年7月考试计划特殊焊接技术职业技能等级证书初级";
	c.result = "已通过";
	c.score = "86";
	return c;
}

static const char *
json(struct arena *a, const struct canon *c)
{
	struct buf	 b;

	buf_init(&b, a);
	canon_json(&b, c);
	return buf_cstr(&b);
}

/* Does python3's json module read s, with name and score as given? */
static int
python_reads(const char *s, const char *name)
{
	char	 path[] = "/tmp/test-canon.XXXXXX", cmd[512];
	FILE	*f;
	int	 fd, rc;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return 0;
	fputs(s, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; "
	    "d=json.load(open(sys.argv[1], encoding=\"utf-8\")); "
	    "sys.exit(0 if d[\"holder\"][\"name\"] == sys.argv[2] and "
	    "d[\"v\"] == 1 else 1)' %s '%s'", path, name);
	rc = system(cmd);
	unlink(path);
	return rc == 0;
}

/* Does python3 read s with a holder name of n characters? */
static int
python_parses_name_len(struct arena *a, const char *s, int n)
{
	char	 path[] = "/tmp/test-canon.XXXXXX";
	FILE	*f;
	int	 fd, rc;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return 0;
	fputs(s, f);
	fclose(f);
	rc = system(arena_printf(a, "python3 -c 'import json,sys; "
	    "d=json.load(open(sys.argv[1], encoding=\"utf-8\")); "
	    "sys.exit(0 if len(d[\"holder\"][\"name\"]) == %d else 1)' %s",
	    n, path));
	unlink(path);
	return rc == 0;
}

int
main(void)
{
	struct arena		*a = arena_new();
	struct canon		 c = sample(), d;
	struct manifest_item	 it[3], sw[3];
	const char		*j1, *j2;
	char			 h1[65], h2[65], m1[65], m2[65];

	j1 = json(a, &c);
	j2 = json(a, &c);
	CHECK_STR(j1, j2, "json: the same facts give the same bytes");
	CHECK(strncmp(j1, "{\"v\":1,\"number\":\"15600031012020000000013\","
	    "\"holder\":{\"name\":\"朱鹏飞\",\"gender\":\"男\"", 60) == 0,
	    "json: fixed key order, UTF-8 kept as is");
	CHECK(strstr(j1, "\"result\":{\"status\":\"已通过\",\"score\":\"86\"}}")
	    != NULL, "json: ends with the result");
	CHECK(python_reads(j1, "朱鹏飞"), "json: python3's json module reads it");

	d = c;
	d.name = "a\"b\\c\nd\x01";
	j2 = json(a, &d);
	CHECK(strstr(j2, "\"name\":\"a\\\"b\\\\c\\u000ad\\u0001\"") != NULL,
	    "json: quote, backslash and control characters escaped");
	CHECK(python_parses_name_len(a, j2, 8),
	    "json: python3 reads the escaped name back as its 8 characters");
	d.name = NULL;
	CHECK(strstr(json(a, &d), "\"name\":\"\",\"gender\"") != NULL,
	    "json: NULL is the empty string");

	canon_hash("abc", 3, h1);
	CHECK_STR(h1, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "hash: SHA-256 of abc");
	canon_hash(j1, strlen(j1), h1);
	d = c;
	d.score = "85";
	j2 = json(a, &d);
	canon_hash(j2, strlen(j2), h2);
	CHECK(strcmp(h1, h2) != 0, "hash: one changed fact changes the hash");

	memset(it, 0, sizeof(it));
	it[0].id = 7;
	memcpy(it[0].hash, h1, 65);
	it[1].id = 9;
	memcpy(it[1].hash, h2, 65);
	it[2].id = 12;
	memcpy(it[2].hash, h1, 65);
	manifest_hash(a, CERT_BY_SITE, "confirm", it, 3, m1);
	manifest_hash(a, CERT_BY_SITE, "confirm", it, 3, m2);
	CHECK_STR(m1, m2, "manifest: deterministic");
	manifest_hash(a, CERT_BY_ORG, "confirm", it, 3, m2);
	CHECK(strcmp(m1, m2) != 0, "manifest: the party is covered");
	manifest_hash(a, CERT_BY_SITE, "reject", it, 3, m2);
	CHECK(strcmp(m1, m2) != 0, "manifest: the action is covered");
	manifest_hash(a, CERT_BY_SITE, "confirm", it, 2, m2);
	CHECK(strcmp(m1, m2) != 0, "manifest: the count is covered");
	memcpy(sw, it, sizeof(it));
	sw[0] = it[1];
	sw[1] = it[0];
	manifest_hash(a, CERT_BY_SITE, "confirm", sw, 3, m2);
	CHECK(strcmp(m1, m2) != 0, "manifest: the order is covered");
	memcpy(sw, it, sizeof(it));
	sw[2].hash[10] = sw[2].hash[10] == 'a' ? 'b' : 'a';
	manifest_hash(a, CERT_BY_SITE, "confirm", sw, 3, m2);
	CHECK(strcmp(m1, m2) != 0, "manifest: every content hash is covered");
	{
		struct buf	 b;

		buf_init(&b, a);
		manifest_text(&b, CERT_BY_SITE, "confirm", it, 2);
		CHECK(strncmp(buf_cstr(&b), "xcert-manifest-v1 party=site "
		    "action=confirm count=2\n7 ", 50) == 0,
		    "manifest: text header and first line");
	}
	arena_free(a);
	return tap_done();
}
