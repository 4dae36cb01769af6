#!/bin/sh
# cli.sh - `schemac generate` as a command: default prefix, unchanged files
# left alone, --templates, and usage errors.
set -u
SCHEMAC=$1
HERE=$(cd "$(dirname "$0")" && pwd)
SCHEMA=$HERE/schemas/kitchen.prisma
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The prefix defaults to the schema file's base name; a missing output folder is created (mkdir -p).
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/new/gen" || fail "generate into a new nested folder failed"
[ -f "$TMP/new/gen/kitchen.h" ] && [ -f "$TMP/new/gen/kitchen.c" ] || fail "new output folder not created"
# An output path that is a file is a usage error that names it.
: > "$TMP/file"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/file" 2>"$TMP/err"
[ $? -eq 2 ] || fail "a file as output folder not a usage error"
grep -q "cannot create output folder" "$TMP/err" || fail "output folder message: $(cat "$TMP/err")"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/a" || fail "generate failed"
[ -f "$TMP/a/kitchen.h" ] && [ -f "$TMP/a/kitchen.c" ] || fail "default prefix not the base name"

# Unchanged output is not rewritten: the files keep their inode (a rewrite renames a new file in).
before=$(stat -c %i "$TMP/a/kitchen.h" "$TMP/a/kitchen.c")
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/a" || fail "second generate failed"
after=$(stat -c %i "$TMP/a/kitchen.h" "$TMP/a/kitchen.c")
[ "$before" = "$after" ] || fail "unchanged output was rewritten"

# A different prefix changes the names inside.
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/a" --prefix shop || fail "--prefix failed"
grep -q "int shop_account_create(shop_account \*\*out" "$TMP/a/shop.h" || fail "--prefix not applied"

# --templates replaces only the templates the folder holds.
mkdir -p "$TMP/b"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --templates "$HERE/templates_override" || fail "--templates failed"
grep -q "custom template for kitchen: override marker" "$TMP/b/kitchen.h" || fail "override not used"
# A per-model template: every model's lifecycle declarations in the new style, the old text gone.
n_models=$(grep -c "^typedef struct kitchen_[a-z_]* kitchen_[a-z_]*;" "$TMP/a/kitchen.h")
[ "$(grep -c '^/\*\* Restyled: free a kitchen_[a-z_]*_list\. \*/$' "$TMP/b/kitchen.h")" -eq "$n_models" ] \
  || fail "model template override not applied to every model"
grep -q "Restyled: create an empty Account (kitchen_account)" "$TMP/b/kitchen.h" || fail "model keys not expanded"
! grep -q "with every field zero and the schema's literal defaults set" "$TMP/b/kitchen.h" || fail "built-in model template still used"
cmp -s "$TMP/a/kitchen.c" "$TMP/b/kitchen.c" || fail "override changed an untouched template's output"

# --split: a header and a source per model besides kitchen.h and kitchen.c; --list-outputs names the files
# without writing them.
mkdir -p "$TMP/s"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/s" --split || fail "--split failed"
n_models=$(grep -c '^model ' "$SCHEMA")
[ "$(ls "$TMP/s"/kitchen_*.c | wc -l)" -eq "$n_models" ] || fail "--split: not one source per model: $(ls "$TMP/s")"
[ "$(ls "$TMP/s"/kitchen_*.h | wc -l)" -eq "$n_models" ] || fail "--split: not one header per model: $(ls "$TMP/s")"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/s" --split --list-outputs > "$TMP/listed" || fail "--list-outputs failed"
(cd "$TMP/s" && ls | sed "s|^|$TMP/s/|") > "$TMP/written"
sort "$TMP/listed" | cmp -s - "$(sort "$TMP/written" > "$TMP/w2" && echo "$TMP/w2")" ||
  fail "--list-outputs does not name what --split writes: $(cat "$TMP/listed")"
[ "$(head -n 2 "$TMP/listed")" = "$(printf '%s\n%s' "$TMP/s/kitchen.h" "$TMP/s/kitchen.c")" ] || fail "--list-outputs: header and shared source first"
"$SCHEMAC" generate "$SCHEMA" --prefix shop --list-outputs > "$TMP/listed" || fail "--list-outputs without -o failed"
[ "$(cat "$TMP/listed")" = "$(printf 'shop.h\nshop.c')" ] || fail "--list-outputs without -o: $(cat "$TMP/listed")"
# The split headers declare what the single one does (each model in its own header), and only that;
# kitchen.h includes every model header, so it still declares everything.
decls() { cat "$@" | grep -E '^(int|void|const char \*|typedef|struct|extern [^"]|#define [A-Z_]+_F_)' | sort; }
[ "$(decls "$TMP/a/kitchen.h")" = "$(decls "$TMP/s"/kitchen*.h)" ] || fail "--split changed what the headers declare"
grep -q '^#include "kitchen_account.h"$' "$TMP/s/kitchen.h" || fail "kitchen.h does not include the model headers"
! grep -q 'MODEL_SOURCE' "$TMP/a/kitchen.h" || fail "model headers in the header of one source"
# Every function defined in the split sources is defined once in the single source, and the other way round.
defs() { cat "$@" | grep -E '^(int|void|const char \*|static [a-z ]*int) [a-z_0-9]+\(' | sed 's/(.*//' | sort; }
[ "$(defs "$TMP/a/kitchen.c")" = "$(defs "$TMP/s"/kitchen*.c)" ] || fail "--split defines other functions"
# Back to one source: the model sources go, a file of the user's with the prefix stays.
echo '/* mine */' > "$TMP/s/kitchen_mine.c"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/s" --no-split || fail "--no-split failed"
[ "$(ls "$TMP/s")" = "$(printf 'kitchen.c\nkitchen.h\nkitchen_mine.c')" ] || fail "stale model files left: $(ls "$TMP/s")"
# Without an option a schema of more than 50 models is split, one of 50 is not.
for n in 50 51; do
  { printf 'datasource db {\n  provider = "sqlite"\n  url = "file:x.db"\n}\n'
    i=1; while [ $i -le $n ]; do printf 'model M%d {\n  id Int @id\n}\n' $i; i=$((i + 1)); done; } > "$TMP/m$n.prisma"
  "$SCHEMAC" generate "$TMP/m$n.prisma" --list-outputs > "$TMP/listed" || fail "--list-outputs of $n models failed"
  lines=$(wc -l < "$TMP/listed")
  if [ $n -eq 50 ]; then [ "$lines" -eq 2 ] || fail "50 models split: $lines files"; else [ "$lines" -eq 104 ] || fail "51 models not split: $lines files"; fi
done
"$SCHEMAC" generate "$TMP/m51.prisma" --no-split --list-outputs > "$TMP/listed" && [ "$(wc -l < "$TMP/listed")" -eq 2 ] ||
  fail "--no-split did not keep 51 models in one source"

# The generator block of schemac: its prefix and output (relative to the file holding it) apply
# when the command line gives none; the command line wins; other generators' settings are theirs.
mkdir -p "$TMP/g/prisma/models" "$TMP/g/elsewhere"
cat > "$TMP/g/prisma/schema.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

generator js {
  provider = "prisma-client-js"
  output   = "../js"
}

generator c {
  provider = "schemac"
  prefix   = "shop"
  output   = "../gen"
}
EOS
printf 'model Item {\n  id Int @id\n}\n' > "$TMP/g/prisma/models/item.prisma"
(cd "$TMP/g/elsewhere" && "$SCHEMAC" generate ../prisma) || fail "generate from the generator block failed"
[ -f "$TMP/g/gen/shop.h" ] && [ -f "$TMP/g/gen/shop.c" ] || fail "generator block output/prefix not used"
[ ! -e "$TMP/g/js" ] || fail "another generator's output was used"
grep -q "int shop_item_create(" "$TMP/g/gen/shop.h" || fail "generator block prefix not in the names"
"$SCHEMAC" generate "$TMP/g/prisma" --list-outputs > "$TMP/listed" || fail "--list-outputs with the block failed"
grep -q "^$TMP/g/prisma/../gen/shop.h$" "$TMP/listed" || fail "--list-outputs: $(cat "$TMP/listed")"
"$SCHEMAC" generate "$TMP/g/prisma" -o "$TMP/g/cli" --prefix mall || fail "command line over the block failed"
[ -f "$TMP/g/cli/mall.h" ] && [ ! -e "$TMP/g/cli/shop.h" ] || fail "the command line did not win"
"$SCHEMAC" generate "$TMP/g/prisma" --prefix mall -o "$TMP/g/cli2" && [ -f "$TMP/g/cli2/mall.h" ] || fail "-o over the block"
sed -i 's/prefix   = "shop"/prefix   = "9shop"/' "$TMP/g/prisma/schema.prisma"
"$SCHEMAC" --no-color generate "$TMP/g/prisma" 2>"$TMP/err"
[ $? -eq 1 ] || fail "a bad prefix in the generator block not a schema error"
grep -q "schema.prisma:12:14: error: prefix \"9shop\"" "$TMP/err" || fail "bad block prefix message: $(cat "$TMP/err")"
printf 'datasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id Int @id\n}\n' > "$TMP/g/plain.prisma"
"$SCHEMAC" generate "$TMP/g/plain.prisma" 2>"$TMP/err"
[ $? -eq 2 ] || fail "no output folder anywhere not a usage error"
grep -q "no output folder" "$TMP/err" || fail "no output message: $(cat "$TMP/err")"

# A unique field named after another key's _with form: that key's find_many_by_<key>_with is left out, nothing fails.
mkdir -p "$TMP/w"
cat > "$TMP/w/w.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

model Thing {
  id     Int    @id
  idWith String @unique
  parts  Part[]
}

model Part {
  id      Int   @id
  thingId Int
  thing   Thing @relation(fields: [thingId], references: [id])
}
EOS
"$SCHEMAC" generate "$TMP/w/w.prisma" -o "$TMP/w/gen" --prefix w || fail "generate with a unique named <key>With failed"
grep -q "int w_thing_find_many_by_id_with(w_thing_list \*out, sc_conn \*conn, const char \*const \*id_with" "$TMP/w/gen/w.h" ||
    fail "the lookup by idWith is not find_many_by_id_with"
grep -q "int w_thing_load(sc_conn" "$TMP/w/gen/w.h" || fail "w_thing_load missing"
grep -q "int w_part_find_many_by_id_with(" "$TMP/w/gen/w.h" || fail "w_part_find_many_by_id_with missing"

# Names a key or relation derives (find_by_<pk>_with_deleted, list_by_<fk>_with_deleted, load_<r>_ptrs,
# load_<r>_with_deleted) that are already another key's or relation's own: the derived one is left out, the
# model keeps its name, and the generated C compiles.
mkdir -p "$TMP/d"
cat >"$TMP/d/d.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

model Shelf {
  id               Int       @id
  idWithDeleted    Int       @unique
  deletedAt        DateTime? @deletedAt
  boxes            Box[]     @relation("a")
  boxesWithDeleted Box[]     @relation("b")
  boxesPtrs        Box[]     @relation("c")
}

model Box {
  id                 Int       @id
  shelfId            Int
  shelf              Shelf     @relation("a", fields: [shelfId], references: [id])
  shelfIdWithDeleted Int
  other              Shelf     @relation("b", fields: [shelfIdWithDeleted], references: [id])
  ptrId              Int
  ptr                Shelf     @relation("c", fields: [ptrId], references: [id])
  with               Int       @unique
  deletedAt          DateTime? @deletedAt
}
EOS
"$SCHEMAC" generate "$TMP/d/d.prisma" -o "$TMP/d/gen" --prefix d 2>"$TMP/d/err" ||
    fail "generate with names ending in WithDeleted / Ptrs failed"
# each function left out is said, at the field that loses it
grep -q 'note: the key (id) of "Shelf" gets no find_by_id_with_deleted: it is the lookup by the unique key id_with_deleted' "$TMP/d/err" ||
    fail "no note for the left-out find_by_id_with_deleted: $(cat "$TMP/d/err")"
grep -q 'note: relation field "boxes" of "Shelf" gets no load_boxes_ptrs' "$TMP/d/err" || fail "no note for load_boxes_ptrs"
grep -q 'note: relation field "boxes" of "Shelf" gets no load_boxes_with_deleted' "$TMP/d/err" || fail "no note for load_boxes_with_deleted"
grep -q 'note: the key (shelfId) of "Box" gets no list_by_shelf_id_with_deleted' "$TMP/d/err" || fail "no note for list_by_shelf_id_with_deleted"
H="$TMP/d/gen/d.h"
grep -q "int d_shelf_find_by_id_with_deleted(d_shelf \*\*out, sc_conn \*conn, int32_t id_with_deleted);" "$H" ||
    fail "find_by_id_with_deleted is not the lookup by idWithDeleted"
[ "$(grep -c "int d_shelf_find_by_id_with_deleted(" "$H")" = 1 ] || fail "find_by_id_with_deleted declared twice"
[ "$(grep -c "int d_box_list_by_shelf_id_with_deleted(" "$H")" = 1 ] || fail "list_by_shelf_id_with_deleted declared twice"
grep -q "int d_box_list_by_ptr_id_with_deleted(" "$H" || fail "an unclashing list_by_<fk>_with_deleted went missing"
[ "$(grep -c "int d_shelf_load_boxes_ptrs(" "$H")" = 1 ] || fail "load_boxes_ptrs declared twice"
[ "$(grep -c "int d_shelf_load_boxes_with_deleted(" "$H")" = 1 ] || fail "load_boxes_with_deleted declared twice"
grep -q "int d_shelf_load_boxes_ptrs_ptrs(" "$H" || fail "an unclashing load_<r>_ptrs went missing"
grep -q "int d_box_find_many_by_with_with(d_box_list \*out, sc_conn \*conn, const int32_t \*with_2, size_t n, bool \*found, unsigned with);" "$H" ||
    fail "a field named with is not renamed away from the with parameter"
for f in "$TMP"/d/gen/*.c; do
    ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$HERE/../../runtime/include" -I"$TMP/d/gen" "$f" ||
        fail "the generated $(basename "$f") does not compile"
done

# Two keyset pages whose names are one: the later is numbered, with a note, never dropped. A foreign key field
# named tenantIdByCreatedAt pages as list_page_of_tenant_id_by_created_at, so the index (tenantId, createdAt)
# pages as ..._2; two indexes over createdAt in two directions are list_page_by_created_at and ..._2.
mkdir -p "$TMP/p"
cat >"$TMP/p/p.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

model Tenant {
  id     Int    @id
  items  Item[] @relation("a")
  items2 Item[] @relation("b")
}

model Item {
  id                  Int      @id
  tenantId            Int
  createdAt           DateTime
  tenantIdByCreatedAt Int
  tenant              Tenant   @relation("a", fields: [tenantId], references: [id])
  t2                  Tenant   @relation("b", fields: [tenantIdByCreatedAt], references: [id])

  @@index([tenantId, createdAt])
  @@index([createdAt(sort: Desc)])
  @@index([createdAt], map: "item_created_asc")
}
EOS
"$SCHEMAC" generate "$TMP/p/p.prisma" -o "$TMP/p/gen" --prefix p 2>"$TMP/p/err" || fail "generate with clashing page names failed"
H="$TMP/p/gen/p.h"
grep -q "int p_item_list_page_of_tenant_id_by_created_at(p_item_list \*out, sc_conn \*conn, int32_t tenant_id_by_created_at," "$H" ||
    fail "list_page_of_tenant_id_by_created_at is not the foreign key's page"
grep -q "int p_item_list_page_of_tenant_id_by_created_at_2(p_item_list \*out, sc_conn \*conn, int32_t tenant_id," "$H" ||
    fail "the index (tenantId, createdAt) has no page of its own"
grep -q 'note: the key (tenantId, createdAt) of "Item" is list_page_of_tenant_id_by_created_at_2 in the generated C, not list_page_of_tenant_id_by_created_at' "$TMP/p/err" ||
    fail "no note for list_page_of_tenant_id_by_created_at_2: $(cat "$TMP/p/err")"
grep -q "int p_item_list_page_by_created_at(" "$H" && grep -q "int p_item_list_page_by_created_at_2(" "$H" ||
    fail "two indexes over createdAt do not page under two names"
grep -q 'note: the key (createdAt) of "Item" is list_page_by_created_at_2 in the generated C, not list_page_by_created_at: list_page_by_created_at is already generated for key "createdAt(sort: Desc)" of "Item"' "$TMP/p/err" ||
    fail "no note for list_page_by_created_at_2: $(cat "$TMP/p/err")"
# A page whose name is the primary key's suffix: numbered, and the note says why (the key's own page is list_page).
cat >"$TMP/p/k.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

model S {
  aB Int @id
  a  Int
  b  Int

  @@index([a, b])
}
EOS
"$SCHEMAC" generate "$TMP/p/k.prisma" -o "$TMP/p/k" --prefix k 2>"$TMP/p/kerr" || fail "generate with a page named like the key failed"
grep -q "int k_s_list_page_by_a_b_2(" "$TMP/p/k/k.h" && grep -q "int k_s_list_by_a_b(" "$TMP/p/k/k.h" ||
    fail "the index (a, b) beside the key aB: not list_by_a_b and list_page_by_a_b_2"
grep -q 'is list_page_by_a_b_2 in the generated C, not list_page_by_a_b: list_page_by_a_b is kept for the primary key (aB) of "S", whose page is list_page' "$TMP/p/kerr" ||
    fail "no note for list_page_by_a_b_2: $(cat "$TMP/p/kerr")"
for f in "$TMP"/p/gen/*.c; do
    ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$HERE/../../runtime/include" -I"$TMP/p/gen" "$f" ||
        fail "the generated $(basename "$f") does not compile"
done

# Everything generate has to say is said once: with --format json one document holding the name notes, and with
# a generator block's queries the schema's warnings are not lost to the notes or the queries' report.
"$SCHEMAC" --format json generate "$TMP/p/p.prisma" -o "$TMP/p/json" --prefix p >"$TMP/p/json.out" || fail "generate --format json failed"
[ "$(grep -c '^{' "$TMP/p/json.out")" = 1 ] || fail "generate --format json printed more than one document: $(cat "$TMP/p/json.out")"
[ "$(grep -c '"code": "c-name"' "$TMP/p/json.out")" = 2 ] || fail "the JSON document lacks the name notes"
mkdir -p "$TMP/qw"
cp -r "$HERE/../../examples/blog/queries" "$TMP/qw/queries"
sed 's/^  prefix   = "blog"/  prefix   = "blog"\n  queries  = "queries\/"\n  previewFeatures = ["referentialIntegrity"]/' \
    "$HERE/../../examples/blog/schema.prisma" >"$TMP/qw/schema.prisma"
grep -q 'queries  = "queries/"' "$TMP/qw/schema.prisma" || fail "the blog schema's generator block changed"
"$SCHEMAC" generate "$TMP/qw/schema.prisma" -o "$TMP/qw/gen" 2>"$TMP/qw/err" || fail "generate with queries failed: $(cat "$TMP/qw/err")"
[ "$(grep -c 'warning: preview feature "referentialIntegrity"' "$TMP/qw/err")" = 1 ] ||
    fail "the schema's warning is not said once beside the queries: $(cat "$TMP/qw/err")"
"$SCHEMAC" --format json generate "$TMP/qw/schema.prisma" -o "$TMP/qw/gen" >"$TMP/qw/json.out" || fail "generate --format json with queries failed"
[ "$(grep -c '^{' "$TMP/qw/json.out")" = 1 ] && grep -q '"code": "deprecated-preview-feature"' "$TMP/qw/json.out" ||
    fail "generate --format json with queries: not one document with the warning: $(cat "$TMP/qw/json.out")"

# @ignore and @@ignore: the columns, relations and models stay in the database and out of the generated C; a model
# with a required ignored column and no default gets no create (the database could not fill it).
mkdir -p "$TMP/ig"
cat >"$TMP/ig/ig.prisma" <<'EOS'
datasource db {
  provider = "sqlite"
}

model User {
  id     Int        @id
  email  String     @unique
  secret String?    @ignore
  legacy Int        @default(0) @ignore
  posts  Post[]
  logs   AuditLog[] @ignore
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}

model Blob {
  id   Int    @id
  must String @ignore
}

model AuditLog {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])

  @@ignore
}
EOS
"$SCHEMAC" generate "$TMP/ig/ig.prisma" -o "$TMP/ig/gen" --prefix ig || fail "generate with @ignore failed"
! grep -n -i "secret\|legacy\|audit\|logs\|must" "$TMP/ig/gen/ig.h" "$TMP/ig/gen/ig.c" || fail "an ignored field, relation or model is in the generated C"
grep -q "int ig_user_create(" "$TMP/ig/gen/ig.h" || fail "User lost its create over an ignored column with a default"
grep -q "int ig_user_load_posts(" "$TMP/ig/gen/ig.h" || fail "User lost a relation that is not ignored"
! grep -q "int ig_blob_create(" "$TMP/ig/gen/ig.h" || fail "Blob has a create though its ignored column is required without a default"
grep -q "int ig_blob_find_by_id(" "$TMP/ig/gen/ig.h" || fail "Blob lost its lookups"
"$SCHEMAC" sql "$TMP/ig/ig.prisma" | grep -q '"secret" TEXT' || fail "an ignored column left the database"
for f in "$TMP"/ig/gen/*.c; do
    ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$HERE/../../runtime/include" -I"$TMP/ig/gen" "$f" ||
        fail "the generated $(basename "$f") does not compile"
done

# Usage errors exit 2 with a message.
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --templates "$HERE/templates_broken" 2>"$TMP/err"
[ $? -eq 2 ] || fail "broken template not a usage error"
grep -q "unknown key 'no_such_key'" "$TMP/err" || fail "broken template message: $(cat "$TMP/err")"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --prefix "9bad" 2>"$TMP/err"
[ $? -eq 2 ] || fail "bad prefix accepted"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --templates "$TMP/none" 2>"$TMP/err"
[ $? -eq 2 ] || fail "missing template folder accepted"
echo "cgen cli ok"
