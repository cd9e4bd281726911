-- The new `catalog` action of orders (maintain the catalogue): a matrix already saved by an admin
-- gives it to admin and ADV, as the default matrix does, when they could change orders.
UPDATE "role_permissions"
SET "actions" = "actions" || '["catalog"]'::jsonb
WHERE "module" = 'orders'
  AND "role" IN ('admin', 'adv')
  AND "actions" @> '["update"]'::jsonb
  AND NOT "actions" @> '["catalog"]'::jsonb;
