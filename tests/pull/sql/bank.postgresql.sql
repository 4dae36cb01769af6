-- A bank database written by hand for PostgreSQL: identity columns, an enum
-- with labels that are not identifiers, comments, an expression index, a
-- partial covering index, CHECK constraints, a foreign key to a table with no
-- key the schema can use (the relation fields to it are @ignore), several foreign keys between two tables, a view, a
-- materialized view, a table without a key, names the schema cannot use.
-- expect: model accounts {
-- expect: id         BigInt                   @id @default(autoincrement())
-- expect: /// People who pay.
-- expect: /// Two lines.
-- expect: /// The login
-- expect: in_between @map("in-between")
-- expect: V1st       @map("1st")
-- expect: search     Unsupported("tsvector")?
-- expect: accounts_transfers_from_idToaccounts accounts @relation("transfers_from_idToaccounts", fields: [from_id], references: [id], onDelete: NoAction, onUpdate: NoAction)
-- expect: index "accounts_email_lower" left out
-- expect: @@index([from_id], map: "transfers_from_id_amount_idx", where: raw("amount > (100)::numeric"), include: [amount])
-- expect: @@check("from_id <> to_id", map: "distinct_accounts")
-- expect: model Order {
-- expect: order_id Int       @id @map("order-id")
-- expect: user     BigInt?
-- expect: model Renamedclass {
-- expect: @@map("class")
-- expect: view big_transfers {
-- expect: view totals {
-- expect: model events {
-- expect: @@ignore
-- expect: events events? @relation(fields: [event_at], references: [at], onDelete: NoAction, onUpdate: NoAction) @ignore
-- expect: seen DateTime? @default(dbgenerated("'infinity'::timestamp without time zone")) @db.Timestamp
CREATE TYPE mood AS ENUM ('happy', 'sad', 'in-between', '1st');
COMMENT ON TYPE mood IS 'How it feels';
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  mood mood DEFAULT 'happy',
  created timestamptz NOT NULL DEFAULT now(),
  search tsvector,
  balance numeric(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
  meta jsonb DEFAULT '{"a": 1}'::jsonb,
  tags text[] DEFAULT '{}',
  seen timestamp DEFAULT 'infinity'
);
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));
COMMENT ON TABLE accounts IS E'People who pay.\nTwo lines.';
COMMENT ON COLUMN accounts.email IS 'The login';
CREATE TABLE transfers (
  id serial PRIMARY KEY,
  from_id bigint NOT NULL REFERENCES accounts (id),
  to_id bigint NOT NULL REFERENCES accounts (id),
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  at timestamp DEFAULT '2024-01-01 00:00:00',
  CONSTRAINT distinct_accounts CHECK (from_id <> to_id)
);
CREATE INDEX ON transfers (from_id) INCLUDE (amount) WHERE amount > 100;
CREATE TABLE "Order" (
  "order-id" int PRIMARY KEY,
  "user" bigint REFERENCES accounts ON DELETE SET NULL,
  "class" int
);
CREATE TABLE "class" (id int PRIMARY KEY);
CREATE VIEW big_transfers AS SELECT id, amount FROM transfers WHERE amount > 1000;
CREATE MATERIALIZED VIEW totals AS SELECT from_id, sum(amount) AS total FROM transfers GROUP BY from_id;
CREATE TABLE events (at timestamptz UNIQUE, payload json);
CREATE TABLE audit (id int PRIMARY KEY, event_at timestamptz REFERENCES events (at));
