-- name: LowStock :many
-- Products with stock below N, by name.
SELECT id, name, stock FROM products
WHERE tenant_id = @tenant_id AND stock < @below
ORDER BY name;

-- name: WeeklyOrderStats :one
SELECT count(*) AS orders, sum(total) AS revenue, min(placed_at) AS first_at
FROM orders WHERE tenant_id = $1 AND placed_at >= $2;

-- name: WeeklyOrders :many
SELECT * FROM orders WHERE tenant_id = $1 AND placed_at >= $2 ORDER BY placed_at DESC;

-- name: ProductsPerTenant :many
SELECT t.id, t.name, count(p.id) AS products
FROM tenants t LEFT JOIN products p ON p.tenant_id = t.id
GROUP BY t.id, t.name ORDER BY t.name;

-- name: ProductByID :one
SELECT * FROM products WHERE id = $1;

-- name: SearchProducts :many
SELECT id, name FROM products WHERE name LIKE sqlc.arg(pattern) OR sku = sqlc.arg(pattern) LIMIT sqlc.arg(lim);

-- name: ProductsIn :many
SELECT id, sku FROM products WHERE id IN (sqlc.slice(ids)) ORDER BY id;

-- name: ProductsNotIn :many
SELECT id FROM products WHERE id NOT IN (sqlc.slice(ids));

-- name: OrdersBetween :many
SELECT id, total FROM orders WHERE placed_at BETWEEN $1 AND $2;

-- name: OrderLines :many
SELECT o.id AS order_id, o.status, p.name, i.quantity, p.weight
FROM orders o
JOIN order_items i ON i.order_id = o.id
LEFT JOIN products p ON p.id = i.product_id
WHERE o.tenant_id = $1;

-- name: RightJoin :many
SELECT o.id, t.name FROM orders o RIGHT JOIN tenants t ON t.id = o.tenant_id;

-- name: FullJoin :many
SELECT o.id, p.id AS product_id FROM orders o FULL JOIN products p ON p.tenant_id = o.tenant_id;

-- name: CoalesceNote :many
SELECT id, coalesce(note, '') AS note, coalesce(weight, 0) AS weight, note AS raw_note FROM products;

-- name: CaseStatus :many
SELECT id, CASE WHEN status = 'PAID' THEN 'done' ELSE 'open' END AS phase,
       CASE WHEN shipped_at IS NOT NULL THEN total END AS shipped_total
FROM orders;

-- name: ScalarSub :many
SELECT t.id,
       (SELECT count(*) FROM orders o WHERE o.tenant_id = t.id) AS orders,
       (SELECT max(total) FROM orders o WHERE o.tenant_id = t.id) AS biggest,
       EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = t.id) AS has_products
FROM tenants t;

-- name: InSub :many
SELECT id FROM products WHERE tenant_id IN (SELECT id FROM tenants WHERE name = $1);

-- name: WithCte :many
WITH big AS (SELECT tenant_id, sum(total) AS revenue FROM orders GROUP BY tenant_id)
SELECT t.name, big.revenue FROM tenants t LEFT JOIN big ON big.tenant_id = t.id;

-- name: Recursive :many
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $1)
SELECT x FROM n;

-- name: UnionNames :many
SELECT name FROM tenants UNION SELECT note FROM products;

-- name: Window :many
SELECT id, row_number() OVER (ORDER BY stock DESC) AS rank, lag(stock) OVER (ORDER BY id) AS prev_stock
FROM products;

-- name: CreateProduct :one
INSERT INTO products (tenant_id, name, sku, stock, price, weight, note)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: UpsertProduct :one
INSERT INTO products (tenant_id, name, sku, price) VALUES ($1, $2, $3, $4)
ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price = excluded.price
RETURNING id, stock;

-- name: Restock :execrows
UPDATE products SET stock = stock + @amount WHERE tenant_id = @tenant_id AND stock < @below;

-- name: SetNote :exec
UPDATE products SET note = sqlc.narg(note) WHERE id = sqlc.arg(id);

-- name: DeleteOrder :exec
DELETE FROM orders WHERE id = $1;

-- name: ShipOrder :one
UPDATE orders SET status = 'SHIPPED', shipped_at = $2 WHERE id = $1 RETURNING id, status, shipped_at;

-- name: Embedded :many
SELECT sqlc.embed(o), sqlc.embed(t) FROM orders o JOIN tenants t ON t.id = o.tenant_id;

-- name: EmbeddedOptional :many
SELECT sqlc.embed(t), sqlc.embed(o) FROM tenants t LEFT JOIN orders o ON o.tenant_id = t.id;

-- name: Casts :many
SELECT CAST(stock AS TEXT) AS stock_text, price * 2 AS double_price, stock * 2 AS double_stock FROM products;

-- name: LimitOffset :many
SELECT id FROM products ORDER BY id LIMIT $1 OFFSET $2;

-- name: StatusCounts :many
SELECT status, count(*) AS n FROM orders GROUP BY status HAVING count(*) > $1;

-- name: AnnotatedAlias :many
SELECT id, note AS "note!", weight AS "w: Float" FROM products;

-- name: AddItems :copyfrom
INSERT INTO order_items (order_id, product_id, quantity) VALUES ($1, $2, $3);

-- name: QuotedNames :many
SELECT id, "createdAt" FROM "AuditLog" WHERE action = $1 ORDER BY "createdAt" DESC;

-- name: ItemsFrom :many
-- Typed by the annotations only where PostgreSQL meets $2 first ($2 IS NULL): sent there as a cast.
-- @param {Int} $1:orderId
-- @param {Int} $2:minQuantity?
SELECT i.id FROM order_items i WHERE i.order_id = $1 AND ($2 IS NULL OR i.quantity >= $2);

-- name: ProductsByPrefix :many
-- @param {String} $1:prefix?
SELECT id FROM products WHERE ($1 IS NULL OR name LIKE $1 || '%');

-- name: ItemsFlagged :many
SELECT id, sqlc.narg(min_q) IS NULL AS unfiltered FROM order_items
WHERE quantity >= sqlc.narg(min_q) OR sqlc.narg(min_q) IS NULL;
