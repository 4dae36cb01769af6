-- name: GetPerson :one
SELECT * FROM people WHERE id = $1;

-- name: PeopleInCity :many
SELECT p.full_name, p.nickname, a.zip
FROM people p
JOIN addresses a ON a.person_id = p.id
WHERE a.city = $1
ORDER BY p.full_name;

-- name: CountAddresses :one
SELECT count(*) FROM addresses WHERE person_id = $1;
