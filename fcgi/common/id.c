/* id.c: ID numbers at rest: AES-256-GCM ciphertext plus an HMAC blind index. */
#include <string.h>

#include "app.h"

/*
 * Encrypt the normalised ID number into cipher (at least
 * strlen(id) + SEC_GCM_OVERHEAD bytes) and compute its blind index.
 * Only an area that holds the AES key may (see config.c).
 */
enum rc
id_seal(const struct config *c, const char *id, unsigned char *cipher,
    size_t *clen, unsigned char idx[32])
{
	if (!(c->keys & CFG_AES)) {
		log_warnx("id_seal: this program has no ID_AES_KEY");
		return RC_ERROR;
	}
	if (sec_encrypt(c->id_key, id, strlen(id), cipher, clen) == -1)
		return RC_ERROR;
	id_index(c, id, idx);
	return RC_OK;
}

/* Returns the arena-owned plaintext, or NULL if it does not decrypt. */
char *
id_open(struct arena *a, const struct config *c, const unsigned char *cipher,
    size_t clen)
{
	unsigned char	*out;
	size_t		 n;

	if (!(c->keys & CFG_AES)) {
		log_warnx("id_open: this program has no ID_AES_KEY");
		return NULL;
	}
	if (clen < SEC_GCM_OVERHEAD)
		return NULL;
	out = arena_alloc(a, clen + 1);
	if (sec_decrypt(c->id_key, cipher, clen, out, &n) == -1) {
		log_warnx("id_open: ciphertext does not authenticate");
		return NULL;
	}
	out[n] = '\0';
	return (char *)out;
}

/* The blind index: HMAC-SHA-256 of the normalised number. */
void
id_index(const struct config *c, const char *id, unsigned char idx[32])
{
	sec_hmac(c->id_hmac, sizeof(c->id_hmac), id, strlen(id), idx);
}
