/*
 * sha256.h - SHA-256 (FIPS 180-4), for migration checksums and the sum file.
 *
 * A small self-contained implementation: the generator needs hashes of a few
 * files, and no hash library is among the project's dependencies.
 */
#ifndef SCHEMAC_SHA256_H
#define SCHEMAC_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 64

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t nbytes;
    unsigned char block[64];
    size_t fill;
    bool shani; /* the CPU's SHA instructions (x86-64), found by sha256_init */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The portable code even where the CPU has SHA instructions (tests compare the two). */
void sha256_force_portable(sha256_ctx *c);
void sha256_final(sha256_ctx *c, unsigned char out[SHA256_DIGEST_LEN]);

/* Hash DATA and write 64 lowercase hex digits and a NUL into HEX. */
void sha256_hex(char hex[SHA256_HEX_LEN + 1], const void *data, size_t len);
/* Lowercase hex of a finished digest. */
void sha256_to_hex(char hex[SHA256_HEX_LEN + 1], const unsigned char digest[SHA256_DIGEST_LEN]);

#endif
