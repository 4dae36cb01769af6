ALTER TABLE notes ADD COLUMN score REAL;
---- create above / drop below ----
ALTER TABLE notes DROP COLUMN score;
