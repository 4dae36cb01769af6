/*
 * sema_relations.c - relations: pair relation fields, decide the kind
 * (1:1, 1:n, implicit m:n), check fields:/references:, referential actions
 * and the relation mode, and record a sema_relation for the IR.
 *
 * Pairing follows Prisma: the two fields of a relation point at each
 * other's models and carry the same relation name (explicit, or the default
 * "<A>To<B>" of the sorted model names). Two unnamed relations between the
 * same models are therefore ambiguous, and a self relation always needs a
 * name shared by exactly two fields.
 */
#include "sema/sema_internal.h"

#include <stdint.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What one relation field says in its @relation attribute. */
typedef struct rel_field {
    ast_member *field;
    ast_block *model;
    ast_block *target;
    ast_attr *attr;        /* @relation, or NULL */
    const char *name;      /* effective relation name */
    bool name_explicit;
    ast_expr *fields;
    ast_expr *references;
    ast_expr *on_delete;
    ast_expr *on_update;
    ast_expr *map;
    bool done;
} rel_field;

static const char *const action_names[] = {"Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"};

static const char *default_relation_name(sema_ctx *c, const ast_block *a, const ast_block *b)
{
    if (strcmp(a->name, b->name) > 0) {
        const ast_block *t = a;
        a = b;
        b = t;
    }
    return arena_printf(c->arena, "%sTo%s", a->name, b->name);
}

static void read_relation_attr(sema_ctx *c, rel_field *rf)
{
    static const sema_argspec spec[] = {{"name", true, false},     {"fields", false, false},
                                        {"references", false, false}, {"onDelete", false, false},
                                        {"onUpdate", false, false}, {"map", false, false}};
    ast_expr *v[6] = {0};
    rf->attr = ast_find_attr(&rf->field->attrs, "relation", false);
    if (rf->attr) {
        sema_check_args(c, rf->attr, spec, NELEM(spec), v);
        if (v[0] && v[0]->kind != AST_EXPR_STRING) {
            diag_error(c->diags, v[0]->span, "invalid-argument",
                       "the relation name must be a string, like @relation(\"Author\")");
            v[0] = NULL;
        }
        if (v[5] && v[5]->kind != AST_EXPR_STRING) {
            diag_error(c->diags, v[5]->span, "invalid-argument", "map: of @relation must be a string");
            v[5] = NULL;
        } else if (v[5] && v[5]->value[0] == '\0') {
            /* It names the foreign key: "" would be a zero-length name, which PostgreSQL refuses. */
            diag_error(c->diags, v[5]->span, "invalid-argument", "map: of @relation must not be empty");
            v[5] = NULL;
        }
        /* The relation name becomes the join table's name of a many-to-many relation. */
        if (v[0])
            sema_check_name_string(c, v[0], "the relation name of @relation");
        if (v[5])
            sema_check_name_string(c, v[5], "map: of @relation");
    }
    rf->name_explicit = v[0] != NULL;
    rf->name = v[0] ? v[0]->value : default_relation_name(c, rf->model, rf->target);
    rf->fields = v[1];
    rf->references = v[2];
    rf->on_delete = v[3];
    rf->on_update = v[4];
    rf->map = v[5];
}

static bool has_fk_args(const rel_field *rf)
{
    return rf->fields || rf->references;
}

static bool has_side_args(const rel_field *rf)
{
    return rf->fields || rf->references || rf->on_delete || rf->on_update || rf->map;
}

/* ---------------------------------------------------------------- referential actions */

static bool parse_action(sema_ctx *c, const ast_expr *e, sc_ref_action *out)
{
    if (e->kind == AST_EXPR_IDENT) {
        for (size_t i = 0; i < NELEM(action_names); i++) {
            if (strcmp(e->value, action_names[i]) == 0) {
                *out = (sc_ref_action)i;
                break;
            }
            if (i + 1 == NELEM(action_names)) {
                sc_diag *d = diag_error(c->diags, e->span, "invalid-referential-action",
                                        "unknown referential action \"%s\"", e->value);
                const char *s = diag_suggest(e->value, action_names, NELEM(action_names));
                if (s)
                    diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
                else
                    diag_note(c->diags, d, NULL,
                              "the actions are Cascade, Restrict, NoAction, SetNull and SetDefault");
                return false;
            }
        }
    } else {
        diag_error(c->diags, e->span, "invalid-referential-action",
                   "a referential action is one of Cascade, Restrict, NoAction, SetNull, SetDefault");
        return false;
    }
    /* Emulated relations can cascade, restrict and set null; nothing else. */
    if (c->info->relation_mode == SC_RELMODE_PRISMA &&
        (*out == SC_ACTION_SET_DEFAULT || *out == SC_ACTION_NO_ACTION)) {
        sc_diag *d = diag_error(c->diags, e->span, "invalid-referential-action",
                                "%s is not available with relationMode = \"prisma\"", e->value);
        diag_note(c->diags, d, NULL, "the emulated actions are Cascade, Restrict and SetNull%s",
                  *out == SC_ACTION_NO_ACTION ? "; Restrict is the closest to NoAction" : "");
        return false;
    }
    return true;
}

static void check_actions(sema_ctx *c, rel_field *rf, sema_relation *rel)
{
    bool any_optional = false, any_required = false;
    for (size_t i = 0; i < rel->nfields; i++) {
        if (sema_field_optional(rel->fields[i]))
            any_optional = true;
        else
            any_required = true;
    }
    /* Prisma: one required foreign key field makes the default Restrict. */
    rel->on_delete = any_optional && !any_required ? SC_ACTION_SET_NULL : SC_ACTION_RESTRICT;
    rel->on_update = SC_ACTION_CASCADE;
    const ast_expr *exprs[2] = {rf->on_delete, rf->on_update};
    for (int k = 0; k < 2; k++) {
        if (!exprs[k])
            continue;
        sc_ref_action a;
        if (!parse_action(c, exprs[k], &a))
            continue;
        if (a == SC_ACTION_SET_NULL && any_required && rel->nfields > 0) {
            const ast_member *req = rel->fields[0];
            for (size_t i = 0; i < rel->nfields; i++)
                if (!sema_field_optional(rel->fields[i])) {
                    req = rel->fields[i];
                    break;
                }
            /*
             * As Prisma: PostgreSQL with real foreign keys takes it with a warning
             * (the database then refuses the NULL at run time: lint rule
             * set-null-required); elsewhere it is an error.
             */
            if (c->provider == SC_PROVIDER_POSTGRESQL && c->info->relation_mode == SC_RELMODE_FOREIGN_KEYS) {
                sc_diag *d = diag_warning(c->diags, exprs[k]->span, "set-null-required",
                                          "%s: SetNull on a required foreign key field \"%s\": %s a referenced "
                                          "row will fail, as the database cannot set \"%s\" to NULL",
                                          k == 0 ? "onDelete" : "onUpdate", req->name,
                                          k == 0 ? "deleting" : "changing the key of", req->name);
                diag_note(c->diags, d, &req->type_span, "make \"%s\" optional (%s?) or choose another action",
                          req->name, req->type_name);
            } else {
                sc_diag *d = diag_error(c->diags, exprs[k]->span, "invalid-referential-action",
                                        "%s: SetNull needs optional foreign key fields, but \"%s\" is "
                                        "required",
                                        k == 0 ? "onDelete" : "onUpdate", req->name);
                diag_note(c->diags, d, &req->type_span, "make \"%s\" optional (%s?) or choose another action",
                          req->name, req->type_name);
                continue;
            }
        }
        if (k == 0) {
            rel->on_delete = a;
            rel->on_delete_explicit = true;
        } else {
            rel->on_update = a;
            rel->on_update_explicit = true;
        }
    }
}

/* ---------------------------------------------------------------- fields / references */

static bool same_type(const ast_member *a, const ast_member *b)
{
    if (a->type_kind != b->type_kind)
        return false;
    /* Unsupported("t") matches the same type text only, as in Prisma. */
    if (a->type_kind == AST_FIELDTYPE_SCALAR && a->scalar == SC_SCALAR_UNSUPPORTED)
        return b->scalar == SC_SCALAR_UNSUPPORTED && a->unsupported && b->unsupported &&
               strcmp(a->unsupported, b->unsupported) == 0;
    if (a->type_kind == AST_FIELDTYPE_SCALAR)
        return a->scalar == b->scalar;
    if (a->type_kind == AST_FIELDTYPE_ENUM)
        return a->type_block == b->type_block;
    return false;
}

/* A field's type for messages: Int, Role, Unsupported("circle"). */
static const char *type_display(sema_ctx *c, const ast_member *f)
{
    if (f->scalar == SC_SCALAR_UNSUPPORTED && f->unsupported)
        return arena_printf(c->arena, "Unsupported(\"%s\")", f->unsupported);
    return f->type_name;
}

static const char *names_list(sema_ctx *c, ast_member *const *f, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = arena_printf(c->arena, "%s%s%s", s, i ? ", " : "", f[i]->name);
    return s;
}

/* Resolve and check fields:/references: of the owning side. False when unusable. */
static bool check_fk(sema_ctx *c, rel_field *rf, rel_field *other, sema_relation *rel)
{
    if (!rf->fields || !rf->references) {
        diag_error(c->diags, rf->attr->span, "invalid-relation",
                   "@relation on \"%s\" needs both fields: and references:", rf->field->name);
        return false;
    }
    ast_member **fields, **refs;
    size_t nf, nr;
    bool ok = sema_resolve_field_refs(c, rf->model, rf->attr, rf->fields, false, &fields, &nf);
    ok = sema_resolve_field_refs(c, rf->target, rf->attr, rf->references, false, &refs, &nr) && ok;
    if (!ok)
        return false;
    if (nf != nr) {
        diag_error(c->diags, rf->attr->span, "invalid-relation",
                   "fields: lists %zu field%s but references: lists %zu", nf, nf == 1 ? "" : "s",
                   nr);
        return false;
    }
    for (size_t i = 0; i < nf; i++) {
        if (sema_field_list(fields[i]) || sema_field_list(refs[i])) {
            diag_error(c->diags, rf->fields->span, "invalid-relation",
                       "list fields cannot be foreign keys");
            return false;
        }
        if (!same_type(fields[i], refs[i])) {
            /* At the field's name in fields:, on the @relation line (where Prisma reports it). */
            const ast_expr *item = rf->fields->items.first;
            for (size_t k = 0; k < i && item && item->next; k++)
                item = item->next;
            sc_diag *d = diag_error(c->diags, item ? item->span : rf->fields->span, "invalid-relation",
                                    "the type of \"%s\" (%s) does not match the type of the "
                                    "referenced field \"%s.%s\" (%s)",
                                    fields[i]->name, type_display(c, fields[i]), rf->target->name,
                                    refs[i]->name, type_display(c, refs[i]));
            diag_note(c->diags, d, &fields[i]->type_span, "\"%s.%s\" is declared here",
                      rf->model->name, fields[i]->name);
            diag_note(c->diags, d, &refs[i]->type_span, "\"%s.%s\" is declared here",
                      rf->target->name, refs[i]->name);
            ok = false;
        }
    }
    if (!ok)
        return false;
    if (!sema_is_unique_criterion(rf->target, refs, nr)) {
        sc_diag *d = diag_error(c->diags, rf->references->span, "invalid-relation",
                                "references: must name a unique criterion of model \"%s\" (its "
                                "@id, @@id, @unique or @@unique fields)",
                                rf->target->name);
        if (nr == 1)
            diag_note(c->diags, d, &refs[0]->name_span, "add @unique to \"%s\"", refs[0]->name);
        else
            diag_note(c->diags, d, &rf->target->name_span, "add @@unique([%s]) to \"%s\"",
                      names_list(c, refs, nr), rf->target->name);
        return false;
    }
    if (rf->field->type_mod == AST_TYPE_REQUIRED) {
        for (size_t i = 0; i < nf; i++) {
            if (sema_field_optional(fields[i])) {
                sc_diag *d = diag_error(c->diags, rf->field->type_span, "invalid-relation",
                                        "relation field \"%s\" is required but its foreign key "
                                        "field \"%s\" is optional",
                                        rf->field->name, fields[i]->name);
                diag_note(c->diags, d, NULL, "make both optional or both required");
                return false;
            }
        }
    }
    (void)other;
    rel->fields = fields;
    rel->references = refs;
    rel->nfields = nf;
    return true;
}

/* ---------------------------------------------------------------- kinds */

static sema_relation *new_relation(sema_ctx *c, rel_field *a, rel_field *b, sema_relation_kind kind)
{
    sema_relation *rel = ARENA_NEW(c->arena, sema_relation);
    rel->name = a->name;
    rel->name_explicit = a->name_explicit;
    rel->kind = kind;
    rel->field[0] = a->field;
    rel->field[1] = b->field;
    rel->model[0] = a->model;
    rel->model[1] = b->model;
    rel->fk_side = kind == SEMA_REL_MANY_TO_MANY_IMPLICIT ? -1 : 0;
    return rel;
}

static void other_side_note(sema_ctx *c, sc_diag *d, const rel_field *other)
{
    diag_note(c->diags, d, &other->field->name_span, "the other side of the relation is here");
}

static sema_relation *check_many_to_many(sema_ctx *c, rel_field *a, rel_field *b)
{
    bool ok = true;
    rel_field *sides[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        rel_field *rf = sides[i];
        if (has_side_args(rf)) {
            sc_diag *d = diag_error(c->diags, rf->attr->span, "invalid-relation",
                                    "implicit many-to-many relation fields take no fields:, "
                                    "references:, onDelete:, onUpdate: or map:");
            diag_note(c->diags, d, NULL,
                      "for foreign keys and actions, model the join table explicitly");
            other_side_note(c, d, sides[1 - i]);
            ok = false;
        }
    }
    /* A view has no join table of its own (Prisma refuses it on both sides). */
    for (int i = 0; i < 2 && ok; i++) {
        if (sides[i]->model->kind != AST_BLOCK_VIEW)
            continue;
        sc_diag *d = diag_error(c->diags, sides[i]->field->name_span, "invalid-relation",
                                "view \"%s\" cannot take part in an implicit many-to-many relation",
                                sides[i]->model->name);
        other_side_note(c, d, sides[1 - i]);
        return NULL;
    }
    for (int i = 0; i < 2 && ok; i++) {
        ast_block *m = sides[i]->model;
        const sema_model *sm = sema_model_info(m);
        if (!sm || sm->nid_fields != 1) {
            /* At the field that points at M (where Prisma reports it). */
            sc_diag *d = diag_error(c->diags, sides[1 - i]->field->name_span, "invalid-relation",
                                    "model \"%s\" needs a single-field @id to take part in an "
                                    "implicit many-to-many relation",
                                    m->name);
            diag_note(c->diags, d, &m->name_span, "\"%s\" is declared here", m->name);
            ok = false;
            break;
        }
    }
    if (!ok)
        return NULL;
    /* Prisma's join table names its columns A and B after the sorted model (or field) names. */
    int order = strcmp(a->model->name, b->model->name);
    if (order == 0)
        order = strcmp(a->field->name, b->field->name);
    sema_relation *rel = order <= 0 ? new_relation(c, a, b, SEMA_REL_MANY_TO_MANY_IMPLICIT)
                                    : new_relation(c, b, a, SEMA_REL_MANY_TO_MANY_IMPLICIT);
    rel->on_delete = SC_ACTION_CASCADE;
    rel->on_update = SC_ACTION_CASCADE;
    return rel;
}

static sema_relation *check_inline(sema_ctx *c, rel_field *fk, rel_field *back, sema_relation_kind kind)
{
    if (has_side_args(back)) {
        sc_diag *d = diag_error(c->diags, back->attr->span, "invalid-relation",
                                "\"%s\" is the back-relation side: fields:, references:, "
                                "onDelete:, onUpdate: and map: belong on \"%s.%s\"",
                                back->field->name, fk->model->name, fk->field->name);
        other_side_note(c, d, fk);
        return NULL;
    }
    sema_relation *rel = new_relation(c, fk, back, kind);
    if (!check_fk(c, fk, back, rel))
        return NULL;
    if (kind == SEMA_REL_ONE_TO_ONE) {
        if (!sema_is_unique_criterion(fk->model, rel->fields, rel->nfields)) {
            sc_diag *d = diag_error(c->diags, fk->fields->span, "invalid-relation",
                                    "a one-to-one relation needs unique foreign key fields");
            if (rel->nfields == 1)
                diag_note(c->diags, d, &rel->fields[0]->name_span,
                          "add @unique to \"%s\", or make the other side a list for one-to-many",
                          rel->fields[0]->name);
            else
                diag_note(c->diags, d, NULL,
                          "add @@unique([%s]), or make the other side a list for one-to-many",
                          names_list(c, rel->fields, rel->nfields));
            return NULL;
        }
        if (back->field->type_mod == AST_TYPE_REQUIRED) {
            sc_diag *d = diag_error(c->diags, back->field->type_span, "invalid-relation",
                                    "the back-relation side \"%s\" of a one-to-one relation must be "
                                    "optional (%s?)",
                                    back->field->name, back->field->type_name);
            other_side_note(c, d, fk);
            return NULL;
        }
    }
    check_actions(c, fk, rel);
    if (fk->map)
        rel->map = fk->map->value;
    if (c->info->relation_mode == SC_RELMODE_PRISMA &&
        !sema_has_leading_index(fk->model, rel->fields, rel->nfields)) {
        sc_diag *d = diag_warning(c->diags, fk->attr->span, "missing-index",
                                  "with relationMode = \"prisma\" there is no foreign key, and no "
                                  "index covers %s",
                                  names_list(c, rel->fields, rel->nfields));
        diag_note(c->diags, d, NULL, "add @@index([%s]) to \"%s\" so lookups stay fast",
                  names_list(c, rel->fields, rel->nfields), fk->model->name);
    }
    return rel;
}

static sema_relation *check_pair(sema_ctx *c, rel_field *a, rel_field *b)
{
    bool la = sema_field_list(a->field), lb = sema_field_list(b->field);
    if (la && lb)
        return check_many_to_many(c, a, b);
    if (la != lb) {
        rel_field *fk = la ? b : a, *back = la ? a : b;
        if (!has_fk_args(fk)) {
            sc_diag *d = diag_error(c->diags, fk->field->name_span, "invalid-relation",
                                    "relation field \"%s\" needs @relation(fields: [...], "
                                    "references: [...]): it holds the foreign key of this "
                                    "one-to-many relation",
                                    fk->field->name);
            other_side_note(c, d, back);
            return NULL;
        }
        return check_inline(c, fk, back, SEMA_REL_ONE_TO_MANY);
    }
    if (has_fk_args(a) && has_fk_args(b)) {
        sc_diag *d = diag_error(c->diags, b->attr->span, "invalid-relation",
                                "only one side of a one-to-one relation may define fields: and "
                                "references:");
        other_side_note(c, d, a);
        return NULL;
    }
    if (!has_fk_args(a) && !has_fk_args(b)) {
        sc_diag *d = diag_error(c->diags, a->field->name_span, "invalid-relation",
                                "one side of the one-to-one relation between \"%s\" and \"%s\" must "
                                "define fields: and references:",
                                a->model->name, b->model->name);
        other_side_note(c, d, b);
        return NULL;
    }
    return has_fk_args(a) ? check_inline(c, a, b, SEMA_REL_ONE_TO_ONE)
                          : check_inline(c, b, a, SEMA_REL_ONE_TO_ONE);
}

/* ---------------------------------------------------------------- cycles (relationMode "prisma") */

/* An action that changes the rows of the referencing model: anything but Restrict and NoAction. */
static bool action_changes_rows(sc_ref_action a)
{
    return a != SC_ACTION_RESTRICT && a != SC_ACTION_NO_ACTION;
}

static bool relation_changes_rows(const sema_relation *r)
{
    return action_changes_rows(r->on_delete) || action_changes_rows(r->on_update);
}

/* "onDelete: Cascade, onUpdate: Cascade (default)" for relation R. */
static const char *actions_text(sema_ctx *c, const sema_relation *r)
{
    return arena_printf(c->arena, "onDelete: %s%s, onUpdate: %s%s", action_names[r->on_delete],
                        r->on_delete_explicit ? "" : " (default)", action_names[r->on_update],
                        r->on_update_explicit ? "" : " (default)");
}

/* A model's key in a strmap: the bytes of the pointer *B (B points into the arena). */
static const char *model_key(ast_block *const *b, size_t *len)
{
    *len = sizeof *b;
    return (const char *)b;
}

/* The path "A.b -> B.c -> ..." of relation indexes ending at LAST, through PREV. */
static const char *cycle_path(sema_ctx *c, sema_relation **rels, const size_t *prev, size_t last)
{
    size_t n = 0;
    for (size_t i = last; i != SIZE_MAX; i = prev[i])
        n++;
    size_t *order = ARENA_ARRAY(c->arena, size_t, n);
    size_t k = n;
    for (size_t i = last; i != SIZE_MAX; i = prev[i])
        order[--k] = i;
    const char *out = "";
    for (size_t j = 0; j < n; j++)
        out = arena_printf(c->arena, "%s%s.%s -> ", out, rels[order[j]]->model[0]->name,
                           rels[order[j]]->field[0]->name);
    return arena_printf(c->arena, "%s%s", out, rels[last]->model[1]->name);
}

/*
 * With relationMode = "prisma" the client carries out the referential actions,
 * and Prisma refuses actions that come back round: a relation whose actions
 * change rows (anything but Restrict or NoAction, defaults included) and that
 * leads, through more such relations, to a self relation or back to its own
 * model. Reported at the foreign key side of the relation it starts from.
 */
static void check_cycles(sema_ctx *c)
{
    size_t n = 0;
    for (sema_relation *r = c->info->relations; r; r = r->next)
        if (r->kind != SEMA_REL_MANY_TO_MANY_IMPLICIT)
            n++;
    if (n == 0)
        return;
    sema_relation **rels = ARENA_ARRAY(c->arena, sema_relation *, n);
    size_t *next_from = ARENA_ARRAY(c->arena, size_t, n); /* next relation of the same model[0] */
    strmap first_from;                                     /* model[0] -> its first relation + 1 */
    strmap_init(&first_from, c->arena);
    size_t k = 0;
    for (sema_relation *r = c->info->relations; r; r = r->next)
        if (r->kind != SEMA_REL_MANY_TO_MANY_IMPLICIT)
            rels[k++] = r;
    for (size_t i = n; i-- > 0;) {
        size_t len;
        const char *key = model_key(&rels[i]->model[0], &len);
        size_t *head = strmap_get(&first_from, key, len);
        next_from[i] = head ? *head : SIZE_MAX;
        size_t *h = ARENA_NEW(c->arena, size_t);
        *h = i;
        strmap_set(&first_from, arena_strndup(c->arena, key, len), len, h);
    }
    size_t *prev = ARENA_ARRAY(c->arena, size_t, n);
    unsigned *seen = ARENA_ARRAY(c->arena, unsigned, n);
    size_t *stack = ARENA_ARRAY(c->arena, size_t, n);
    for (size_t i = 0; i < n; i++)
        seen[i] = 0;
    for (size_t start = 0; start < n; start++) {
        sema_relation *root = rels[start];
        unsigned mark = (unsigned)start + 1;
        size_t top = 0;
        stack[top++] = start;
        seen[start] = mark;
        prev[start] = SIZE_MAX;
        while (top > 0) {
            size_t cur = stack[--top];
            sema_relation *r = rels[cur];
            if (!relation_changes_rows(r))
                continue;
            ast_block *to = r->model[1];
            if (r->model[0] == to || to == root->model[0]) {
                sc_diag *d;
                if (cur == start)
                    d = diag_error(&c->late, root->field[0]->name_span, "invalid-referential-action",
                                   "with relationMode = \"prisma\", the self relation \"%s\" of model "
                                   "\"%s\" must not change rows of its own model (%s)",
                                   root->field[0]->name, root->model[0]->name, actions_text(c, root));
                else if (r->model[0] == to)
                    d = diag_error(&c->late, root->field[0]->name_span, "invalid-referential-action",
                                   "with relationMode = \"prisma\", the actions of \"%s.%s\" (%s) lead "
                                   "to the self relation \"%s.%s\", which changes rows of its own "
                                   "model: %s",
                                   root->model[0]->name, root->field[0]->name, actions_text(c, root),
                                   r->model[0]->name, r->field[0]->name, cycle_path(c, rels, prev, cur));
                else
                    d = diag_error(&c->late, root->field[0]->name_span, "invalid-referential-action",
                                   "with relationMode = \"prisma\", the actions of \"%s.%s\" (%s) come "
                                   "back round to model \"%s\": %s",
                                   root->model[0]->name, root->field[0]->name, actions_text(c, root),
                                   root->model[0]->name, cycle_path(c, rels, prev, cur));
                diag_note(&c->late, d, NULL,
                          "set onDelete: Restrict and onUpdate: Restrict on one relation of the "
                          "cycle (when not written, onDelete is SetNull for optional foreign keys "
                          "and onUpdate is Cascade), as Prisma requires");
                break;
            }
            size_t len;
            const char *key = model_key(&r->model[1], &len);
            size_t *head = strmap_get(&first_from, key, len);
            for (size_t j = head ? *head : SIZE_MAX; j != SIZE_MAX; j = next_from[j]) {
                if (seen[j] == mark)
                    continue;
                seen[j] = mark;
                prev[j] = cur;
                stack[top++] = j;
            }
        }
    }
}

/* ---------------------------------------------------------------- pairing */

static void report_missing_opposite(sema_ctx *c, rel_field *rf)
{
    sc_diag *d = diag_error(&c->late, rf->field->name_span, "missing-opposite-relation",
                            "relation field \"%s\" of model \"%s\" has no opposite relation field "
                            "in model \"%s\"",
                            rf->field->name, rf->model->name, rf->target->name);
    if (rf->name_explicit)
        diag_note(&c->late, d, &rf->target->name_span,
                  "add a field of type %s or %s[] with @relation(\"%s\") to \"%s\"",
                  rf->model->name, rf->model->name, rf->name, rf->target->name);
    else
        diag_note(&c->late, d, &rf->target->name_span, "add a field of type %s or %s[] to \"%s\"",
                  rf->model->name, rf->model->name, rf->target->name);
}

static void report_ambiguous(sema_ctx *c, rel_field *first, rel_field *second)
{
    /* At the first of the fields, where Prisma reports it. */
    sc_diag *d;
    if (first->name_explicit)
        d = diag_error(c->diags, first->field->name_span, "ambiguous-relation",
                       "fields \"%s\" and \"%s\" of model \"%s\" use the same relation name \"%s\"",
                       first->field->name, second->field->name, first->model->name, first->name);
    else
        d = diag_error(c->diags, first->field->name_span, "ambiguous-relation",
                       "ambiguous relation: fields \"%s\" and \"%s\" of model \"%s\" both refer "
                       "to \"%s\"",
                       first->field->name, second->field->name, first->model->name,
                       first->target->name);
    diag_note(c->diags, d, &second->field->name_span, "\"%s\" is here", second->field->name);
    diag_note(c->diags, d, NULL,
              "give each relation its own name with @relation(\"...\") on both of its fields");
}

static void add_relation(sema_ctx *c, sema_relation *rel, sema_relation **tail)
{
    rel->field[0]->relation = rel;
    rel->field[1]->relation = rel;
    if (*tail)
        (*tail)->next = rel;
    else
        c->info->relations = rel;
    *tail = rel;
    c->info->nrelations++;
}

/* A relation field pointing to an @@ignore model must be ignored itself. */
static void check_ignored_target(sema_ctx *c, rel_field *rf)
{
    const sema_model *t = sema_model_info(rf->target);
    const sema_model *m = sema_model_info(rf->model);
    if (!t || !t->ignored || (m && m->ignored) || ast_find_attr(&rf->field->attrs, "ignore", false))
        return;
    sc_diag *d = diag_error(c->diags, rf->field->name_span, "invalid-relation",
                            "relation field \"%s\" points to the ignored model \"%s\" and needs "
                            "@ignore too",
                            rf->field->name, rf->target->name);
    diag_note(c->diags, d, &rf->target->name_span, "\"%s\" is marked @@ignore", rf->target->name);
}

/*
 * The key of a relation field's group: its relation name and the pair of
 * models, in address order so both directions give the same key.
 */
static const char *group_key(sema_ctx *c, const rel_field *rf, size_t *len)
{
    const ast_block *pair[2] = {rf->model, rf->target};
    if ((uintptr_t)pair[0] > (uintptr_t)pair[1]) {
        pair[0] = rf->target;
        pair[1] = rf->model;
    }
    size_t nl = strlen(rf->name);
    char *k = arena_alloc(c->arena, sizeof pair + nl);
    memcpy(k, pair, sizeof pair);
    memcpy(k + sizeof pair, rf->name, nl);
    *len = sizeof pair + nl;
    return k;
}

void sema_relations(sema_ctx *c)
{
    size_t n = 0;
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL && b->kind != AST_BLOCK_VIEW)
            continue;
        for (ast_member *m = b->members.first; m; m = m->next)
            if (m->kind == AST_MEMBER_FIELD && m->type_kind == AST_FIELDTYPE_MODEL)
                n++;
    }
    if (n == 0)
        return;
    rel_field *rfs = ARENA_ARRAY(c->arena, rel_field, n);
    size_t k = 0;
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL && b->kind != AST_BLOCK_VIEW)
            continue;
        for (ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind != AST_MEMBER_FIELD || m->type_kind != AST_FIELDTYPE_MODEL)
                continue;
            rel_field *rf = &rfs[k++];
            rf->field = m;
            rf->model = b;
            rf->target = m->type_block;
            read_relation_attr(c, rf);
        }
    }
    for (size_t i = 0; i < n; i++)
        check_ignored_target(c, &rfs[i]);

    /* The relation fields of each group (same name, same pair of models in either
       direction), chained in schema order: GROUP_NEXT[i] is the next field of i's group. */
    size_t *group_next = ARENA_ARRAY(c->arena, size_t, n);
    strmap last_of_group;
    strmap_init(&last_of_group, c->arena);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *key = group_key(c, &rfs[i], &len);
        group_next[i] = SIZE_MAX;
        size_t *last = ARENA_NEW(c->arena, size_t);
        *last = i;
        size_t *prev = strmap_get(&last_of_group, key, len);
        if (prev)
            group_next[*prev] = i;
        strmap_set(&last_of_group, key, len, last);
    }

    sema_relation *tail = NULL;
    for (size_t i = 0; i < n; i++) {
        rel_field *f = &rfs[i];
        if (f->done)
            continue;
        /* Gather the relation's group: same name, same pair of models, either direction. */
        rel_field *same_side[2] = {f, NULL}, *opposite[2] = {NULL, NULL};
        size_t nsame = 1, nopp = 0;
        bool self = f->model == f->target;
        f->done = true;
        for (size_t j = group_next[i]; j != SIZE_MAX; j = group_next[j]) {
            rel_field *g = &rfs[j];
            bool rev = g->model == f->target && g->target == f->model;
            g->done = true;
            if (self || rev) {
                if (nopp < 2)
                    opposite[nopp] = g;
                nopp++;
            } else {
                if (nsame < 2)
                    same_side[nsame] = g;
                nsame++;
            }
        }
        if (nsame > 1) {
            report_ambiguous(c, same_side[0], same_side[1]);
            continue;
        }
        if (self && !f->name_explicit) {
            sc_diag *d;
            if (nopp == 0)
                d = diag_error(c->diags, f->field->name_span, "invalid-relation",
                               "self relation field \"%s\" of model \"%s\" needs a relation "
                               "name and an opposite field",
                               f->field->name, f->model->name);
            else
                d = diag_error(c->diags, f->field->name_span, "ambiguous-relation",
                               "self relation fields \"%s\" and \"%s\" of model \"%s\" need a "
                               "relation name",
                               f->field->name, opposite[0]->field->name, f->model->name);
            diag_note(c->diags, d, NULL,
                      "name both fields of the self relation with @relation(\"...\")");
            continue;
        }
        if (nopp > 1) {
            if (self) {
                sc_diag *d = diag_error(c->diags, f->field->name_span, "ambiguous-relation",
                                        "more than two fields of model \"%s\" use the self "
                                        "relation \"%s\"",
                                        f->model->name, f->name);
                for (size_t j = 0; j < 2; j++)
                    diag_note(c->diags, d, &opposite[j]->field->name_span, "\"%s\" uses it too",
                              opposite[j]->field->name);
                diag_note(c->diags, d, NULL,
                          "a relation has exactly two fields; give each self relation its own "
                          "name with @relation(\"...\")");
            } else {
                report_ambiguous(c, opposite[0], opposite[1]);
            }
            continue;
        }
        if (nopp == 0) {
            report_missing_opposite(c, f);
            continue;
        }
        sema_relation *rel = check_pair(c, f, opposite[0]);
        if (rel)
            add_relation(c, rel, &tail);
    }
    if (c->info->relation_mode == SC_RELMODE_PRISMA)
        check_cycles(c);
}
