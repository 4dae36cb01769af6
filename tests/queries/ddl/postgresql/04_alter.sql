-- A history of changes: the model is the end state.
CREATE TYPE status AS ENUM ('draft', 'published');
CREATE TABLE articles (
    id     serial PRIMARY KEY,
    title  text NOT NULL,
    body   text,
    legacy text,
    views  integer DEFAULT 0
);
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE scratch (id int);
ALTER TABLE articles ADD COLUMN status status NOT NULL DEFAULT 'draft';
ALTER TABLE articles ADD COLUMN author_id integer;
ALTER TABLE articles ADD CONSTRAINT articles_author_fk FOREIGN KEY (author_id) REFERENCES authors (id);
ALTER TABLE articles ADD CONSTRAINT views_positive CHECK (views >= 0);
ALTER TABLE articles DROP COLUMN legacy;
ALTER TABLE articles RENAME COLUMN body TO content;
ALTER TABLE articles ALTER COLUMN content SET NOT NULL;
ALTER TABLE articles ALTER COLUMN content SET DEFAULT 'empty';
ALTER TABLE articles ALTER COLUMN views DROP DEFAULT;
ALTER TABLE articles ALTER COLUMN views TYPE bigint;
ALTER TABLE articles ALTER COLUMN title TYPE varchar(200);
ALTER TABLE articles ADD UNIQUE (title);
ALTER TYPE status ADD VALUE 'archived';
ALTER TYPE status ADD VALUE 'review' BEFORE 'published';
ALTER TYPE status ADD VALUE IF NOT EXISTS 'draft';
ALTER TYPE status RENAME VALUE 'archived' TO 'gone';
ALTER TABLE authors RENAME TO writers;
ALTER TABLE writers ADD COLUMN IF NOT EXISTS name text;
ALTER TABLE writers ADD COLUMN bio text;
ALTER TABLE writers DROP COLUMN IF EXISTS nothing;
ALTER TABLE IF EXISTS nowhere ADD COLUMN x int;
CREATE INDEX writers_bio ON writers (bio);
ALTER INDEX writers_bio RENAME TO writers_bio_idx;
ALTER TABLE articles RENAME CONSTRAINT views_positive TO views_not_negative;
DROP TABLE scratch;
DROP TABLE IF EXISTS scratch;
CREATE TYPE unused AS ENUM ('x');
DROP TYPE unused;
CREATE TABLE obsolete (id int PRIMARY KEY, article_id int REFERENCES articles);
DROP TABLE obsolete;
ALTER TABLE articles DROP CONSTRAINT articles_title_key;
ALTER TABLE articles ADD CONSTRAINT articles_title_key UNIQUE (title);
