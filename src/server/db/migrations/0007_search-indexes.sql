-- Global search and caller identification (modules/search, modules/calls): one indexed query per
-- source. Fuzzy names use trigram GIN indexes on f_unaccent(lower(…)) (f_unaccent: migration 0000;
-- clients.name already has one: migration 0002); identifiers use btree indexes.
CREATE INDEX IF NOT EXISTS "contacts_name_trgm_idx" ON "contacts" USING gin (f_unaccent(lower("first_name" || ' ' || "last_name")) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sites_name_trgm_idx" ON "sites" USING gin (f_unaccent(lower("name" || ' ' || coalesce("city", ''))) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_siren_idx" ON "clients" USING btree ("siren");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_siret_idx" ON "clients" USING btree ("siret");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_email_idx" ON "clients" USING btree (lower("email"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_phone_idx" ON "clients" USING btree ("phone_e164");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_postal_code_idx" ON "clients" USING btree ("postal_code");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_email_idx" ON "contacts" USING btree (lower("email"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sites_postal_code_idx" ON "sites" USING btree ("postal_code");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "telephony_platforms_tenant_idx" ON "telephony_platforms" USING btree (lower("tenant_id") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "number_ranges_span_idx" ON "number_ranges" USING btree ("start_num", "end_num");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_city_idx" ON "clients" USING btree (f_unaccent(lower("city")));
--> statement-breakpoint
-- Prefixes ("pharmacie lef…") and exact names: a btree is far cheaper than the trigram index.
CREATE INDEX IF NOT EXISTS "clients_name_prefix_idx" ON "clients" USING btree (f_unaccent(lower("name")) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_name_prefix_idx" ON "contacts" USING btree (f_unaccent(lower("first_name" || ' ' || "last_name")) text_pattern_ops);
