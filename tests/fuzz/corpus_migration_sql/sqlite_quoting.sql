-- schemac:sqlite-rebuild
-- schemac:section tx
PRAGMA foreign_keys=OFF;
CREATE TABLE `a;b` ([c;d] TEXT, "e""f" BLOB DEFAULT X'00ff');
INSERT INTO `a;b` VALUES (?1, :name, @x, $y);
/* not nested /* */ SELECT 3;
