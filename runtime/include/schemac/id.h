/*
 * schemac/id.h - client-side id generators, in the formats Prisma writes.
 *
 *   uuid(4)  "f47ac10b-58cc-4372-a567-0e02b2c3d479"   36 chars, lowercase
 *   uuid(7)  48-bit Unix ms, then random             36 chars, lowercase
 *   cuid     "c" + time + counter + fingerprint + random, 25 chars
 *   cuid2    a letter + base36 SHA3-512 hash, 24 chars by default (2-32)
 *   nanoid   21 chars by default from A-Za-z0-9_- (1-255)
 *   ulid     26 chars Crockford base32, uppercase, time sortable
 *
 * Randomness comes from getrandom(2). cuid and cuid2 keep a counter and a
 * host fingerprint, initialised once per process (the only global state of
 * the library). All functions are thread-safe. OUT must have room for the
 * id and its NUL (the _SIZE constants); they return SC_OK or SC_ERROR when
 * the system has no randomness to give, SC_EINVAL for a bad length.
 */
#ifndef SCHEMAC_ID_H
#define SCHEMAC_ID_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SC_UUID_SIZE 37
#define SC_CUID_SIZE 26
#define SC_CUID2_SIZE 25
#define SC_NANOID_SIZE 22
#define SC_ULID_SIZE 27

int sc_id_uuid4(char out[SC_UUID_SIZE]);
int sc_id_uuid7(char out[SC_UUID_SIZE]);
int sc_id_cuid(char out[SC_CUID_SIZE]);
int sc_id_cuid2(char out[SC_CUID2_SIZE]);
/* cuid2 of LEN chars (2..32); OUT holds LEN + 1 bytes. */
int sc_id_cuid2_len(char *out, size_t len);
/* nanoid of LEN chars (1..255); OUT holds LEN + 1 bytes. */
int sc_id_nanoid(char *out, size_t len);
int sc_id_ulid(char out[SC_ULID_SIZE]);

/* Fill BUF with LEN bytes from the system CSPRNG. */
int sc_random_bytes(void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
