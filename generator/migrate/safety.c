/*
 * safety.c - the rules behind migration warnings (safety.h). One function
 * per rule family; each looks at one step and the plan's context.
 */
#include "migrate/safety.h"

#include <stdlib.h>
#include <string.h>

typedef struct safety__out {
    arena *a;
    safety_report *r;
    size_t cap;
} safety__out;

static void safety__add(safety__out *o, const char *code, bool data_loss, const char *message, const char *fix)
{
    safety_report *r = o->r;
    if (r->n == o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 8;
        r->items = arena_grow(o->a, r->items, o->cap * sizeof *r->items, ncap * sizeof *r->items);
        o->cap = ncap;
    }
    safety_finding *f = &r->items[r->n++];
    f->code = code;
    f->message = message;
    f->fix = fix;
    f->data_loss = data_loss;
    if (data_loss)
        r->data_loss = true;
}

static long safety__varchar_len(const ir_column *c)
{
    if (!c->native || strcmp(c->native, "VarChar") != 0)
        return -1;
    if (!c->native_args)
        return 0; /* unbounded */
    char *end = NULL;
    long n = strtol(c->native_args, &end, 10);
    return end && *end == '\0' && n > 0 ? n : -1;
}

bool safety_type_widens(const ir_column *a, const ir_column *b)
{
    if (a->list != b->list || a->enum_name || b->enum_name)
        return false;
    if (a->scalar == SC_SCALAR_INT && b->scalar == SC_SCALAR_BIGINT && !b->native)
        return true;
    if (a->scalar == SC_SCALAR_STRING && b->scalar == SC_SCALAR_STRING) {
        long from = safety__varchar_len(a);
        bool to_text = !b->native || strcmp(b->native, "Text") == 0;
        long to = safety__varchar_len(b);
        if (from > 0 && (to_text || to == 0 || to >= from))
            return true;
    }
    return false;
}

static void safety__drops(safety__out *o, const diff_step *s)
{
    arena *a = o->a;
    if (s->kind == DIFF_DROP_TABLE)
        safety__add(o, "drop-table", true, arena_printf(a, "table \"%s\" is dropped: every row in it is lost", s->table),
                    "keep the model, or back the table up and apply with --allow-data-loss");
    else if (s->kind == DIFF_DROP_COLUMN)
        safety__add(o, "drop-column", true,
                    arena_printf(a, "column \"%s\".\"%s\" is dropped: its values are lost", s->table, s->name),
                    "if it was renamed, re-run diff with --rename-column; else apply with --allow-data-loss");
    else if (s->kind == DIFF_DROP_EXTENSION)
        safety__add(o, "drop-extension", false,
                    arena_printf(a, "extension \"%s\" is dropped and created again with another version or "
                                    "schema (as Prisma Migrate does): DROP EXTENSION fails while columns, indexes "
                                    "or functions use it, and data the extension keeps in its own tables is lost",
                                 s->name),
                    "to keep what uses it, edit the migration to ALTER EXTENSION ... UPDATE TO / SET SCHEMA, then "
                    "run `schemac migrate hash`");
    else if (s->kind == DIFF_REMOVE_ENUM_VALUE)
        safety__add(o, "enum-value-removed", true,
                    arena_printf(a, "enum \"%s\" loses or reorders values: rows holding a removed value make the "
                                    "migration fail",
                                    s->name),
                    "update rows that hold the removed values first, then apply with --allow-data-loss");
}

static void safety__renames(safety__out *o, const diff_step *s)
{
    arena *a = o->a;
    if (s->kind == DIFF_RENAME_TABLE)
        safety__add(o, "rename", false,
                    arena_printf(a, "table \"%s\" is renamed to \"%s\": code that uses the old name breaks", s->old_name,
                                 s->table),
                    "deploy code that no longer uses the old name before or with this migration");
    else if (s->kind == DIFF_RENAME_COLUMN)
        safety__add(o, "rename", false,
                    arena_printf(a, "column \"%s\".\"%s\" is renamed to \"%s\": code that uses the old name breaks",
                                 s->table, s->old_name, s->name),
                    "deploy code that no longer uses the old name before or with this migration");
}

static void safety__columns(safety__out *o, const diff_step *s, const safety_context *ctx)
{
    arena *a = o->a;
    bool placeholder = ctx->fill_required && s->to_col && s->to_col->scalar != SC_SCALAR_UNSUPPORTED &&
                       !(s->to_col->native && strcmp(s->to_col->native, "Bit") == 0);
    if (placeholder && s->kind == DIFF_ADD_COLUMN && !s->to_col->nullable && !s->to_col->list &&
        s->to_col->dflt.kind == IR_DEFAULT_NONE)
        safety__add(o, "placeholder-values", false,
                    arena_printf(a, "column \"%s\".\"%s\" comes back NOT NULL without its old values: every "
                                    "existing row gets a placeholder (0, '', false, the epoch, JSON null, the first "
                                    "enum value)",
                                 s->table, s->name),
                    "what the column held was dropped when the migration was applied: restore it from the "
                    "backup taken then, if it matters");
    else if (s->kind == DIFF_ADD_COLUMN && !s->to_col->nullable && !s->to_col->list &&
        s->to_col->dflt.kind == IR_DEFAULT_NONE)
        safety__add(o, "not-null-no-default", false,
                    arena_printf(a, "column \"%s\".\"%s\" is added NOT NULL without a default: fails if the table has rows",
                                 s->table, s->name),
                    "give it a @default, or add it optional, backfill, then make it required");
    if (s->kind != DIFF_ALTER_COLUMN)
        return;
    if ((s->changes & DIFF_CHANGE_TYPE) && !safety_type_widens(s->from_col, s->to_col))
        safety__add(o, "type-change", true,
                    arena_printf(a, "column \"%s\".\"%s\" changes type: the table is rewritten and values that do not "
                                    "convert fail or are cut",
                                    s->table, s->name),
                    "add a new column, backfill it, switch code over, then drop the old one");
    else if (s->changes & DIFF_CHANGE_TYPE)
        safety__add(o, "type-change", false,
                    arena_printf(a, "column \"%s\".\"%s\" widens its type: the table may be rewritten under lock",
                                 s->table, s->name),
                    "run it when a full-table lock is acceptable");
    if ((s->changes & DIFF_CHANGE_NULLABLE) && !s->to_col->nullable && !s->to_col->list && placeholder &&
        s->to_col->dflt.kind == IR_DEFAULT_NONE)
        safety__add(o, "placeholder-values", false,
                    arena_printf(a, "column \"%s\".\"%s\" becomes NOT NULL again: rows holding NULL get a "
                                    "placeholder (0, '', false, the epoch, JSON null, the first enum value)",
                                 s->table, s->name),
                    "if the NULLs matter, set the values you want before rolling back");
    else if ((s->changes & DIFF_CHANGE_NULLABLE) && !s->to_col->nullable && !s->to_col->list)
        safety__add(o, "not-null-no-default", false,
                    arena_printf(a, "column \"%s\".\"%s\" becomes NOT NULL: fails if any row holds NULL%s", s->table,
                                 s->name,
                                 ctx->low_lock || ctx->provider != IR_PROVIDER_POSTGRESQL ? "" : "; the check scans under lock"),
                    ctx->provider == IR_PROVIDER_POSTGRESQL && !ctx->low_lock
                        ? "backfill NULLs first; diff with --low-lock to validate without blocking writes"
                        : "backfill NULLs first (UPDATE ... SET col = ... WHERE col IS NULL)");
}

static void safety__constraints(safety__out *o, const diff_step *s, const safety_context *ctx)
{
    arena *a = o->a;
    bool existing = s->from_table != NULL;
    if (!existing)
        return;
    if (s->kind == DIFF_ADD_INDEX) {
        if (!ctx->concurrent_index)
            safety__add(o, "index-not-concurrent", false,
                        arena_printf(a, "index \"%s\" is built on existing table \"%s\" without CONCURRENTLY: writes "
                                        "wait until it is built",
                                        s->name, s->table),
                        ctx->provider == IR_PROVIDER_POSTGRESQL ? "diff without --no-concurrently"
                                                                : "SQLite cannot build concurrently: apply off-peak");
        if (s->index->unique)
            safety__add(o, "unique-populated", false,
                        arena_printf(a, "unique index \"%s\" on existing table \"%s\": fails if rows hold duplicates",
                                     s->name, s->table),
                        "look for duplicates first (SELECT cols, count(*) ... GROUP BY cols HAVING count(*) > 1)");
    }
    if (s->kind == DIFF_ADD_FK || s->kind == DIFF_ADD_CHECK) {
        const char *what = s->kind == DIFF_ADD_FK ? "foreign key" : "check";
        if (ctx->provider == IR_PROVIDER_SQLITE)
            safety__add(o, "constraint-full-lock", false,
                        arena_printf(a, "%s \"%s\" on \"%s\": SQLite rebuilds the table to add it", what, s->name, s->table),
                        "apply off-peak; the rebuild copies every row");
        else if (!ctx->low_lock)
            safety__add(o, "constraint-full-lock", false,
                        arena_printf(a, "%s \"%s\" on existing table \"%s\" is validated under a full-table lock", what,
                                     s->name, s->table),
                        "diff with --low-lock: add it NOT VALID, then VALIDATE without blocking writes");
    }
}

void safety_check(safety_report *out, arena *a, const diff_result *d, const safety_context *ctx)
{
    memset(out, 0, sizeof *out);
    safety__out o = {a, out, 0};
    for (size_t i = 0; i < d->nsteps; i++) {
        const diff_step *s = &d->steps[i];
        safety__drops(&o, s);
        safety__renames(&o, s);
        safety__columns(&o, s, ctx);
        safety__constraints(&o, s, ctx);
    }
}

void safety_note_enum_value_before_tx(safety_report *r, arena *a, const char *value)
{
    /* The report's capacity is not kept: grow by one, reports are short. */
    safety__out o = {a, r, r->n};
    safety__add(&o, "enum-value-before-tx", false,
                arena_printf(a, "new enum value %s is used by this migration, so it is added before the transaction "
                                "(PostgreSQL cannot use a value in the transaction that added it); if the migration "
                                "fails, the value stays (harmless: the retry skips it)",
                             value),
                "to keep the migration all-or-nothing, add the value in a migration of its own first");
}
