/*
 * safety.h - the warning rules for schema changes, in one place.
 *
 * `schemac migrate diff` writes every finding at the top of the generated
 * SQL and prints it; `migrate apply` refuses migrations with data-loss
 * findings unless --allow-data-loss. A future `schemac lint` reuses the
 * same rules. Each finding has a stable code, a one-line message and a
 * one-line fix.
 */
#ifndef SCHEMAC_SAFETY_H
#define SCHEMAC_SAFETY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "migrate/diff.h"
#include "model/ir.h"

typedef struct safety_finding {
    const char *code;    /* stable: "drop-table", "not-null-no-default", ... */
    const char *message; /* one line, names the object */
    const char *fix;     /* one line: what to do instead or first */
    bool data_loss;      /* running it can destroy data: apply needs --allow-data-loss */
} safety_finding;

typedef struct safety_report {
    safety_finding *items;
    size_t n;
    bool data_loss; /* any item is */
} safety_report;

/* What the plan will do, where it matters to the rules. */
typedef struct safety_context {
    ir_provider provider;
    bool concurrent_index; /* indexes on existing tables are built CONCURRENTLY */
    bool low_lock;         /* foreign keys, checks and NOT NULL are added NOT VALID, then validated */
    bool fill_required;    /* plan_options.fill_required: required columns take placeholders (down scripts) */
} safety_context;

/* Apply every rule to the steps of D. Everything lives in A. */
void safety_check(safety_report *out, arena *a, const diff_result *d, const safety_context *ctx);

/*
 * Note that the plan adds VALUE ("Enum.VALUE") before the transaction because
 * the migration uses it (plan_script.pre_enum_values): the one step that a
 * failed migration leaves behind.
 */
void safety_note_enum_value_before_tx(safety_report *r, arena *a, const char *value);

/* Whether a type change from A to B keeps every value (Int -> BigInt, VarChar(n) -> longer or Text). */
bool safety_type_widens(const ir_column *a, const ir_column *b);

#endif
