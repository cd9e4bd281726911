-- The client list's filter on a city (`GET /clients?q=laval`, issue 16 item 4): the clients of one
-- city (accents and case ignored) in the list's order, read straight from this index (50 entries for
-- a page) instead of walking the name index and testing the city of every row (1.6 s at 100k when a
-- city's clients sort late) or sorting all of them. Its first column serves what clients_city_idx did.
CREATE INDEX IF NOT EXISTS "clients_city_name_idx" ON "clients" USING btree (f_unaccent(lower("city")), "name", "id");
--> statement-breakpoint
DROP INDEX IF EXISTS "clients_city_idx";
