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

# Usage errors exit 2 with a message.
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --templates "$HERE/templates_broken" 2>"$TMP/err"
[ $? -eq 2 ] || fail "broken template not a usage error"
grep -q "unknown key 'no_such_key'" "$TMP/err" || fail "broken template message: $(cat "$TMP/err")"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --prefix "9bad" 2>"$TMP/err"
[ $? -eq 2 ] || fail "bad prefix accepted"
"$SCHEMAC" generate "$SCHEMA" -o "$TMP/b" --templates "$TMP/none" 2>"$TMP/err"
[ $? -eq 2 ] || fail "missing template folder accepted"
echo "cgen cli ok"
