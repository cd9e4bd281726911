CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops) WITH (fastupdate=off);--> statement-breakpoint
-- The words of a name for search: lower case, accents folded, hyphens as spaces (« Dupont-Lefèvre »
-- is two words), split by the `simple` text-search configuration (no stemming, no stop words).
CREATE OR REPLACE FUNCTION search_tsv(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT to_tsvector('simple'::regconfig, public.f_unaccent(lower(replace($1, '-', ' ')))) $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_name_words_idx" ON "clients" USING gin (search_tsv("name"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_name_words_idx" ON "contacts" USING gin (search_tsv("first_name" || ' ' || "last_name"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sites_name_words_idx" ON "sites" USING gin (search_tsv("name" || ' ' || coalesce("city", '')));
--> statement-breakpoint
-- Fuzzy search no longer reads these trigram indexes (0007); the clients one (0002) stays for the
-- duplicate guard's similarity in a postal code.
DROP INDEX IF EXISTS "contacts_name_trgm_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "sites_name_trgm_idx";
--> statement-breakpoint
-- Exact and prefix matches of a site's « name city » (the trigram index answered them until now).
CREATE INDEX IF NOT EXISTS "sites_name_prefix_idx" ON "sites" USING btree (f_unaccent(lower("name" || ' ' || coalesce("city", ''))) text_pattern_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_words_from_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme FROM new_rows r, unnest(search_tsv(r.name)) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_words_from_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme FROM new_rows r, unnest(search_tsv(r.first_name || ' ' || r.last_name)) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_words_from_sites() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme FROM new_rows r, unnest(search_tsv(r.name || ' ' || coalesce(r.city, ''))) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clients_search_words_ins AFTER INSERT ON clients REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_clients();
--> statement-breakpoint
CREATE TRIGGER clients_search_words_upd AFTER UPDATE ON clients REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_clients();
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_ins AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_contacts();
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_upd AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_contacts();
--> statement-breakpoint
CREATE TRIGGER sites_search_words_ins AFTER INSERT ON sites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_sites();
--> statement-breakpoint
CREATE TRIGGER sites_search_words_upd AFTER UPDATE ON sites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_sites();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT w.lexeme FROM clients c, unnest(search_tsv(c.name)) w
  UNION SELECT DISTINCT w.lexeme FROM contacts k, unnest(search_tsv(k.first_name || ' ' || k.last_name)) w
  UNION SELECT DISTINCT w.lexeme FROM sites s, unnest(search_tsv(s.name || ' ' || coalesce(s.city, ''))) w
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The query's words corrected against the vocabulary: for each word of `q` (2 letters or more), the
-- word itself, words at pg_trgm similarity ≥ 0.3 and words it begins, the closest `per_word`. In
-- PL/pgSQL so that its plan is prepared once per connection (planning it cost more than running it).
CREATE OR REPLACE FUNCTION search_expand(q text, per_word int) RETURNS TABLE (tok text, words text[])
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    WITH toks AS (
      SELECT DISTINCT w.lexeme AS tok FROM unnest(search_tsv(q)) w WHERE length(w.lexeme) >= 2
    )
    SELECT t.tok, array_agg(c.word)
    FROM toks t CROSS JOIN LATERAL (
      SELECT v.word FROM search_words v
      WHERE v.word = t.tok
        OR (length(t.tok) >= 3 AND (v.word % t.tok
          OR v.word LIKE replace(replace(replace(t.tok, '\', '\\'), '%', '\%'), '_', '\_') || '%'))
      ORDER BY v.word = t.tok DESC, similarity(v.word, t.tok) DESC, v.word
      LIMIT per_word
    ) c
    GROUP BY t.tok;
END $$;
