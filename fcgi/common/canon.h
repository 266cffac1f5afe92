/* canon.h: a certificate's canonical content and signing manifests. */
#ifndef CANON_H
#define CANON_H

#include <stddef.h>
#include <stdint.h>

#include "cert.h"

struct	buf;
struct	arena;

/*
 * What a signature covers and what the certificate shows: one JSON
 * document with a fixed key order and fixed escaping, so the same facts
 * always give the same bytes and the same SHA-256.  Strings are UTF-8.
 */
struct	canon {
	const char	*number;
	const char	*name;		/* holder */
	const char	*gender;
	const char	*id_type;
	const char	*id_hmac;	/* blind index, 64 hex digits */
	const char	*id_mask;
	const char	*cert_name;
	const char	*level;
	int64_t		 org_id;
	const char	*org_name;
	int64_t		 inst_id;
	const char	*inst_code;
	const char	*inst_name;
	int64_t		 site_id;	/* the assessment site (考核站点) */
	const char	*site_code;
	const char	*site_name;
	int64_t		 plan_id;
	const char	*plan_name;
	const char	*result;	/* 考核状态, e.g. 已通过 */
	const char	*score;		/* "" when none */
};

void		 canon_json(struct buf *, const struct canon *);
void		 canon_hash(const char *, size_t, char [65]);

/* A manifest: the records' ids and content hashes, in order. */
struct	manifest_item {
	int64_t		 id;
	char		 hash[65];
};
void		 manifest_text(struct buf *, enum cert_party, const char *,
		    const struct manifest_item *, size_t);
void		 manifest_hash(struct arena *, enum cert_party, const char *,
		    const struct manifest_item *, size_t, char [65]);

#endif /* CANON_H */
