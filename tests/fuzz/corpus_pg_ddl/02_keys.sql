-- Keys, unique constraints, foreign keys and checks, named and unnamed.
CREATE TABLE accounts (
    account_id bigserial,
    email      text NOT NULL UNIQUE,
    handle     text,
    region     text NOT NULL,
    balance    numeric(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    PRIMARY KEY (account_id),
    CONSTRAINT accounts_handle_region UNIQUE (handle, region),
    CHECK (handle <> region)
);
CREATE TABLE posts (
    post_id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE ON UPDATE RESTRICT,
    parent_id  integer REFERENCES posts (post_id) ON DELETE SET NULL,
    title      text NOT NULL CONSTRAINT title_not_empty CHECK (title <> ''),
    slug       text NOT NULL,
    region     text,
    UNIQUE (account_id, slug),
    FOREIGN KEY (region, slug) REFERENCES accounts (region, handle)
);
CREATE TABLE pairs (
    a int NOT NULL,
    b int NOT NULL,
    note text,
    CONSTRAINT pairs_pk PRIMARY KEY (b, a),
    CHECK (a < b),
    CHECK (a > 0)
);
CREATE TABLE pair_refs (
    id int PRIMARY KEY,
    pa int,
    pb int,
    CONSTRAINT pair_fk FOREIGN KEY (pb, pa) REFERENCES pairs (b, a) ON DELETE SET DEFAULT
);
