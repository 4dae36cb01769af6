#!/bin/sh
# demo.sh - run the blog example through a whole session and check what it
# prints: users, posts with tags, comments, the feed (authors and tags
# loaded in batches), an edit that wins and a stale edit that is refused.
#
#   demo.sh BLOG sqlite      a fresh SQLite file
#   demo.sh BLOG pg URLFILE  a fresh database in the test cluster (psql creates it)
#   demo.sh BLOG pgbouncer URLFILE SUPPORT_DIR
#                            the same through PgBouncer in transaction pooling mode
#                            (SUPPORT_DIR/pgbouncer.sh, two server connections),
#                            with pgbouncer=true, then commands run side by side
set -eu
BLOG=$1
MODE=$2
TMP=$(mktemp -d "${SCHEMAC_TEST_TMP:-/tmp}/blog.XXXXXX")
BOUNCER=
cleanup() {
    if [ -n "$BOUNCER" ]; then "$BOUNCER" stop "$TMP/bouncer" >/dev/null 2>&1 || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$MODE" = pg ] || [ "$MODE" = pgbouncer ]; then
    base=$(cat "$3")
    db="blog_demo_$$"
    psql -q "$base" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    DATABASE_URL="${base%/*}/$db"
    if [ "$MODE" = pgbouncer ]; then
        BOUNCER="$4/pgbouncer.sh"
        "$BOUNCER" start "$TMP/bouncer" "$3" 2 >/dev/null
        DATABASE_URL="$(cat "$TMP/bouncer/url")/$db?pgbouncer=true"
    fi
else
    DATABASE_URL="sqlite:$TMP/blog.db"
fi
export DATABASE_URL

"$BLOG" init
"$BLOG" add-user ada@example.com "Ada Lovelace" author
"$BLOG" add-user bob@example.com "Bob" reader
"$BLOG" post ada@example.com engines "The Analytical Engine" "Notes; with 'quotes' and \"more\"." history math
"$BLOG" post ada@example.com loops "On loops" "Bernoulli numbers." math
"$BLOG" comment engines bob@example.com "Great post!"
"$BLOG" feed > "$TMP/feed"
cat "$TMP/feed"
grep -q "The Analytical Engine  \[engines\] by Ada Lovelace" "$TMP/feed" || fail "feed lacks the first post"
grep -q "tags: history math" "$TMP/feed" || fail "feed lacks the tags"
grep -q "comments: 1" "$TMP/feed" || fail "feed lacks the comment count"
[ "$(head -n 1 "$TMP/feed" | cut -c1-10)" = "#2 On loop" ] || fail "feed not newest first"

# Typed queries: a search by title prefix (any case, wildcards taken literally),
# posts per author with counts, a date-range feed.
"$BLOG" search "the ANALYTICAL" > "$TMP/search"
grep -q "The Analytical Engine  \[engines\] by Ada Lovelace" "$TMP/search" || fail "search: $(cat "$TMP/search")"
"$BLOG" search "On%" | grep -q "no post starts with" || fail "search took % as a wildcard"
"$BLOG" authors > "$TMP/authors"
cat "$TMP/authors"
head -n 1 "$TMP/authors" | grep -q "^Ada Lovelace: 2 posts, last published 20" || fail "authors: $(cat "$TMP/authors")"
grep -q "^Bob: 0 posts, last published never" "$TMP/authors" || fail "authors: Bob"
"$BLOG" between 2000-01-01 2100-01-01 | grep -q "^2 posts" || fail "between: not both posts"
"$BLOG" between 2000-01-01 2000-01-02 | grep -q "^0 posts" || fail "between: a post outside the range"

# A duplicate e-mail is refused with the constraint's name.
if "$BLOG" add-user ada@example.com "Ada again" 2>"$TMP/err"; then fail "duplicate user accepted"; fi
grep -q "users_email_key" "$TMP/err" || fail "no constraint name: $(cat "$TMP/err")"

# Optimistic locking: the first edit from version 1 wins, the second is stale.
"$BLOG" edit engines 1 "The Analytical Engine, revised" | grep -q "version 2" || fail "edit did not bump the version"
set +e
"$BLOG" edit engines 1 "A stale title" 2>"$TMP/err"
status=$?
set -e
[ $status -eq 3 ] || fail "stale edit not refused (exit $status)"
"$BLOG" feed | grep -q "revised" || fail "the winning edit is not in the feed"

# Soft delete: the post leaves the feed.
"$BLOG" delete loops 1
if "$BLOG" feed | grep -q "On loops"; then fail "deleted post still in the feed"; fi
# Through PgBouncer: several clients at once on its two server connections.
if [ "$MODE" = pgbouncer ]; then
    pids=
    for i in 1 2 3 4 5 6; do
        ( "$BLOG" add-user "user$i@example.com" "User $i" reader >/dev/null &&
          "$BLOG" comment engines "user$i@example.com" "Comment $i" >/dev/null &&
          "$BLOG" feed >/dev/null ) &
        pids="$pids $!"
    done
    for p in $pids; do wait "$p" || fail "a concurrent client failed"; done
    "$BLOG" feed | grep -q "comments: 7" || fail "the concurrent comments are not all there"
fi
echo "blog demo ok ($MODE)"
