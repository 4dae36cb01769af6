/*
 * uniletter.h - whether a code point is a Unicode letter (general category
 * L: Lu, Ll, Lt, Lm, Lo), the characters beyond ASCII that schema names may
 * hold, as in Prisma's grammar. The table is generated
 * (scripts/gen_unicode_letters.py).
 */
#ifndef SCHEMAC_UNILETTER_H
#define SCHEMAC_UNILETTER_H

#include <stdbool.h>
#include <stdint.h>

/* True for a letter: ASCII a-z and A-Z, and every letter beyond ASCII. */
bool uniletter_is_letter(uint32_t cp);

#endif
