-- A blog database written by hand for SQLite, the way such databases are:
-- loose declared types, a rowid key without AUTOINCREMENT, inline REFERENCES,
-- an expression index, a partial unique index, a table without a key, a view,
-- generated and collated columns, names that are not identifiers.
-- expect: model users {
-- expect: email String @unique
-- expect: id Int @id @default(autoincrement())
-- expect: f1st_login String? @map("1st login")
-- expect: model posts {
-- expect: users_posts_author_idTousers users  @relation("posts_author_idTousers", fields: [author_id], references: [id], onDelete: Cascade, onUpdate: NoAction)
-- expect: @@unique([title], map: "posts_published_title", where: raw("status = 'published'"))
-- expect: index "posts_lower_title" left out
-- expect: @check("length(title) > 0")
-- expect: @@ignore
-- expect: view published {
-- expect: model weird__name_ {
-- expect: @@map("weird \"name\"")
-- expect: Unsupported("INT GENERATED ALWAYS AS (a * 2) STORED")
-- expect: Unsupported("TEXT COLLATE NOCASE")
-- expect: untyped Bytes?
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  name TEXT,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  is_admin BOOLEAN NOT NULL DEFAULT 0,
  score REAL DEFAULT 0.5,
  "1st login" TEXT,
  "select" INT
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  editor_id INTEGER REFERENCES users(id),
  title TEXT NOT NULL CHECK (length(title) > 0),
  body TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  published_at TIMESTAMP,
  price NUMERIC(10, 2)
);
CREATE INDEX posts_author ON posts (author_id, published_at DESC);
CREATE INDEX posts_lower_title ON posts (lower(title));
CREATE UNIQUE INDEX posts_published_title ON posts (title) WHERE status = 'published';
CREATE TABLE tags (name TEXT PRIMARY KEY);
CREATE TABLE post_tags (
  post_id INTEGER NOT NULL REFERENCES posts (id),
  tag TEXT NOT NULL REFERENCES tags (name),
  PRIMARY KEY (post_id, tag)
);
CREATE TABLE log (msg TEXT, at DATETIME);
CREATE VIEW published AS SELECT id, title, author_id FROM posts WHERE status = 'published';
CREATE TABLE "weird ""name""" (id INTEGER PRIMARY KEY, "class" TEXT, data BLOB, untyped);
CREATE TABLE gen (
  id INTEGER PRIMARY KEY,
  a INT,
  b INT GENERATED ALWAYS AS (a * 2) STORED,
  c TEXT COLLATE NOCASE
);
