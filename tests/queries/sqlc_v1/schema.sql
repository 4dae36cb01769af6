CREATE TABLE people (
    id         bigserial PRIMARY KEY,
    full_name  text NOT NULL,
    nickname   text,
    born       date
);
CREATE TABLE addresses (
    address_id serial PRIMARY KEY,
    person_id  bigint NOT NULL REFERENCES people (id),
    city       text NOT NULL,
    zip        varchar(10)
);
