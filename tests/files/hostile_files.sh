#!/usr/bin/env bash
# Files a careless or hostile user hands to schemac, and outputs that cannot
# be written whole:
#  - a FIFO, a device (a symlink to /dev/zero) or an oversized file as the
#    schema, in a schema folder, as a migration file (up.sql, schemac.sum)
#    or a template is refused with a message naming it: never a hang, never
#    a read without end;
#  - `generate` whose second file cannot be written leaves the old pair
#    (or nothing) and no temporary file, split output (written model by
#    model as it is made) likewise; `fmt --write` on a folder likewise;
#  - the SQLite backup before a data-loss migration on a full disk leaves
#    no backup file and applies nothing.
# A full disk is a file size limit (ulimit -f) with SIGXFSZ ignored, so a
# write past it fails with EFBIG, as root or not. Every schemac run has a
# timeout: a regression that blocks fails instead of hanging the suite.
#   hostile_files.sh SCHEMAC TMPDIR
set -euo pipefail
schemac=${1:?usage: hostile_files.sh SCHEMAC TMPDIR}
work=${2:?usage: hostile_files.sh SCHEMAC TMPDIR}/hostile_files.$$
rm -rf "$work"
mkdir -p "$work"
cd "$work"
trap 'cd / && rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# A regression that reads /dev/zero would eat memory until the timeout: bound it (not under ASan,
# which reserves a huge address space).
if grep -q __asan_init "$schemac"; then memlimit=unlimited; else memlimit=4000000; fi
# expect CODE CMD...: run CMD (20 s at most), require exit code CODE; output in out.txt.
# With fsize=N set, CMD's writes are limited to N KiB per file (a full disk).
expect() {
  local want=$1; shift
  set +e
  (trap '' XFSZ; ulimit -v "$memlimit"; ulimit -f "${fsize:-unlimited}"; timeout 20 "$@") >out.txt 2>&1
  local got=$?
  set -e
  [ "$got" -ne 124 ] || fail "$* did not finish (blocked?)"
  [ "$got" -eq "$want" ] || { cat out.txt >&2; fail "$* exited $got, expected $want"; }
}
has() { grep -q -- "$1" out.txt || { cat out.txt >&2; fail "output lacks: $1"; }; }

cat > s.prisma <<'S'
datasource db {
  provider = "sqlite"
  url      = "file:app.db"
}
model Keep {
  id Int @id
}
model Junk {
  id   Int    @id
  body String
}
S

# ---------------------------------------------------------------- schema files
mkfifo fifo.prisma
expect 2 "$schemac" check fifo.prisma
has "fifo.prisma: not a regular file (a FIFO)"
expect 2 "$schemac" fmt --write fifo.prisma
has "fifo.prisma: not a regular file (a FIFO)"
ln -s /dev/zero zero.prisma
expect 2 "$schemac" check zero.prisma
has "zero.prisma: not a regular file (a character device)"
# A symlink to a regular file is fine.
ln -s s.prisma link.prisma
expect 0 "$schemac" check link.prisma
# Over the cap (64 MiB; sparse, so no disk is used): refused before it is read.
truncate -s 65M big.prisma
expect 2 "$schemac" check big.prisma
has "big.prisma: too large (68157440 bytes; the limit is 64 MiB)"
# A folder: an entry that is not a regular file is refused, and so are files over the cap together.
mkdir dir1 && cp s.prisma dir1/a.prisma && mkfifo dir1/b.prisma
expect 2 "$schemac" check dir1
has "dir1/b.prisma: not a regular file (a FIFO)"
mkdir dir2 && truncate -s 40M dir2/a.prisma dir2/b.prisma
expect 2 "$schemac" check dir2
has "dir2: the schema folder is too large (its .prisma files may hold at most 64 MiB in all)"

# ---------------------------------------------------------------- templates
mkdir tpl && mkfifo tpl/header.tpl
expect 2 "$schemac" generate s.prisma -o gen-tpl --templates tpl
has "tpl/header.tpl: not a regular file (a FIFO)"
[ ! -e gen-tpl/s.h ] || fail "generate wrote output after a template was refused"

# ---------------------------------------------------------------- migration files
export DATABASE_URL="sqlite:$work/app.db"
expect 0 "$schemac" migrate diff --schema s.prisma --name init
mig=$(ls -d migrations/*_init)
cp "$mig/up.sql" up.keep
for how in fifo zero big; do
  rm -f "$mig/up.sql"
  case $how in
    fifo) mkfifo "$mig/up.sql"; msg="up.sql: not a regular file (a FIFO)" ;;
    zero) ln -s /dev/zero "$mig/up.sql"; msg="up.sql: not a regular file (a character device)" ;;
    big) truncate -s 65M "$mig/up.sql"; msg="up.sql: too large (68157440 bytes; the limit is 64 MiB)" ;;
  esac
  expect 2 "$schemac" migrate status
  has "$msg"
  expect 2 "$schemac" migrate apply # a folder that cannot be read: exit 2, as from status and diff
  has "$msg"
  expect 2 "$schemac" migrate diff --schema s.prisma --check
  has "$msg"
done
[ ! -e app.db ] || fail "a refused migrations folder created the database"
rm -f "$mig/up.sql" && cp up.keep "$mig/up.sql"
mv migrations/schemac.sum sum.keep && mkfifo migrations/schemac.sum
expect 2 "$schemac" migrate status
has "schemac.sum: not a regular file (a FIFO)"
rm migrations/schemac.sum && mv sum.keep migrations/schemac.sum

# ---------------------------------------------------------------- generate: all or nothing
mkdir gen
expect 0 "$schemac" generate s.prisma -o gen
cp -p gen/s.h s.h.old && cp -p gen/s.c s.c.old
sed 's/^  id   Int    @id$/  id   Int    @id\n  note String?/' s.prisma > s2.prisma
grep -q note s2.prisma || fail "test schema not changed"
hsize=$(stat -c %s gen/s.h)
csize=$(stat -c %s gen/s.c)
limit=$(((hsize + 4096) / 1024)) # room for the new .h, not for the new .c
[ "$csize" -gt $((limit * 1024)) ] || fail "the .c is not larger than the limit: the limit cannot tell them apart"
fsize=$limit expect 2 "$schemac" generate s2.prisma -o gen --prefix s
has "cannot write gen/s.c"
cmp -s gen/s.h s.h.old || fail "generate replaced the .h although the .c failed"
cmp -s gen/s.c s.c.old || fail "generate changed the .c although writing it failed"
[ "$(ls gen)" = "$(printf 's.c\ns.h')" ] || fail "generate left other files: $(ls gen)"
# Into an empty folder: nothing at all.
mkdir gen-new
fsize=$limit expect 2 "$schemac" generate s2.prisma -o gen-new --prefix s
[ -z "$(ls gen-new)" ] || fail "a failed generate left files: $(ls gen-new)"
# Without the limit the same command writes both.
expect 0 "$schemac" generate s2.prisma -o gen --prefix s
grep -q note gen/s.h && grep -q note gen/s.c || fail "generate did not write the new pair"

# A split schema: each model's header and source are written (to temporary names) as they are
# made; a model source that cannot be written, after others were, still leaves the old set and
# no temporary file, and a new output folder is not left behind.
{ printf 'model Small {\n  id Int @id\n}\n'; printf 'model Wide {\n  id Int @id\n'
  for i in $(seq 1 150); do printf '  f%d String @unique\n' "$i"; done; printf '}\n'; } > split.prisma
expect 0 "$schemac" generate split.prisma -o gen-split --prefix p --split
[ "$(ls gen-split | tr '\n' ' ')" = "p.c p.h p_small.c p_small.h p_wide.c p_wide.h " ] || fail "split files: $(ls gen-split)"
mkdir split.old && cp -p gen-split/* split.old/
sed 's/^  id Int @id$/  id Int @id\n  note String?/' split.prisma > split2.prisma
wsize=$(stat -c %s gen-split/p_wide.c)
slimit=$(((wsize / 2) / 1024)) # room for every file but the wide model's source
for f in p.c p.h p_small.c p_small.h p_wide.h; do
  [ "$(stat -c %s gen-split/$f)" -lt $((slimit * 1024 - 4096)) ] || fail "$f too large for the limit"
done
fsize=$slimit expect 2 "$schemac" generate split2.prisma -o gen-split --prefix p --split
has "cannot write gen-split/p_wide.c"
has "(no file written)"
diff -r split.old gen-split >/dev/null || fail "a failed split generate changed the old files: $(diff -r split.old gen-split | head -5)"
fsize=$slimit expect 2 "$schemac" generate split2.prisma -o new/nested/gen --prefix p --split
[ ! -e new ] || fail "a failed split generate left its new output folder: $(find new)"
expect 0 "$schemac" generate split2.prisma -o gen-split --prefix p --split
grep -q note gen-split/p_small.h && grep -q note gen-split/p_wide.c || fail "generate did not write the new split set"
[ "$(ls gen-split | tr '\n' ' ')" = "p.c p.h p_small.c p_small.h p_wide.c p_wide.h " ] || fail "split files after: $(ls gen-split)"

# ---------------------------------------------------------------- fmt --write: all or nothing
mkdir fmtdir
printf 'model A {\nid    Int @id\n}\n' > fmtdir/a.prisma
{ printf 'model B {\nid    Int @id\n'; for i in $(seq 1 5000); do printf 'f%d    Int\n' "$i"; done; printf '}\n'; } > fmtdir/b.prisma
cp fmtdir/a.prisma a.old && cp fmtdir/b.prisma b.old
[ "$(stat -c %s fmtdir/b.prisma)" -gt 40000 ] || fail "b.prisma too small for the limit"
fsize=16 expect 2 "$schemac" fmt --write fmtdir
has "no file rewritten"
cmp -s fmtdir/a.prisma a.old || fail "fmt --write rewrote a.prisma although b.prisma failed"
cmp -s fmtdir/b.prisma b.old || fail "fmt --write changed b.prisma although writing it failed"
[ "$(ls fmtdir)" = "$(printf 'a.prisma\nb.prisma')" ] || fail "fmt left other files: $(ls fmtdir)"
expect 0 "$schemac" fmt --write fmtdir
expect 0 "$schemac" fmt --check fmtdir

# ---------------------------------------------------------------- backup on a full disk
expect 0 "$schemac" migrate apply
# A database larger than the file size limit below (the backup has to write all of it).
sqlite3 app.db "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
                INSERT INTO Junk SELECT i, printf('%.200c', 'x') FROM c;"
[ "$(stat -c %s app.db)" -gt 300000 ] || fail "database too small for the limit"
sed '/^model Junk {/,/^}/d' s.prisma > s3.prisma
expect 0 "$schemac" migrate diff --schema s3.prisma --name drop
fsize=200 expect 1 "$schemac" migrate apply --allow-data-loss
has "refusing to apply .*_drop: backup to .*_drop.bak failed"
ls app.db.* >/dev/null 2>&1 && fail "a failed backup left files: $(ls app.db.*)"
[ "$(sqlite3 app.db 'SELECT count(*) FROM Junk;')" = 2000 ] || fail "the migration ran although its backup failed"
[ "$(sqlite3 app.db "SELECT count(*) FROM _schemac_migrations WHERE name LIKE '%_drop' AND status = 'applied';")" = 0 ] \
  || fail "the migration is recorded as applied"
# With room, the backup is written whole and the migration runs.
expect 0 "$schemac" migrate apply --allow-data-loss
bak=$(ls app.db.*_drop.bak)
[ "$(sqlite3 "$bak" 'SELECT count(*) FROM Junk;')" = 2000 ] || fail "the backup does not hold the data"
[ "$(ls app.db*)" = "$(printf 'app.db\n%s' "$bak")" ] || fail "stray files next to the database: $(ls app.db*)"

echo "hostile files ok"
