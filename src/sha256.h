/* sha256.h -- SHA-256 (FIPS 180-4) of a byte buffer.
 *
 * Evidence imported from tool output records the digest of the bytes it
 * was made from ("digest: sha256:<hex>"), so anyone can check a copy of the
 * original with sha256sum.  libgit2 hashes with SHA-1 only, hence our own.
 */
#ifndef GH_SHA256_H
#define GH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;			/* total length so far */
	unsigned char block[64];
	size_t used;			/* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Finish and write 64 lowercase hex digits and a NUL to hex. */
void sha256_hex(struct sha256 *c, char hex[SHA256_HEX_LEN + 1]);
/* One call for a whole buffer. */
void sha256_buf_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
