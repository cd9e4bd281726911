-- Global search across a client's fields (issue 15 item 4): « pharmacie grenoble » must find every
-- pharmacy in Grenoble, each word matching the name, the city, the postal code, a contact or a site.
-- `clients.search_doc` holds the words of all of them (search_tsv, migration 0009, positions
-- stripped), kept by triggers, so that one GIN index answers « every word somewhere ». The column is
-- not in the Drizzle schema: only SQL reads it (modules/search, the clients list filter).
ALTER TABLE "clients" ADD COLUMN IF NOT EXISTS "search_doc" tsvector;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION client_search_doc(cid uuid, cname text, ccity text, cpostal text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT strip(search_tsv(concat_ws(' ', cname, ccity, cpostal,
    (SELECT string_agg(k.first_name || ' ' || k.last_name, ' ') FROM public.contacts k WHERE k.client_id = cid),
    (SELECT string_agg(concat_ws(' ', s.name, s.city, s.postal_code), ' ') FROM public.sites s WHERE s.client_id = cid)))) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION clients_search_doc_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_doc := client_search_doc(NEW.id, NEW.name, NEW.city, NEW.postal_code);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER clients_search_doc_ins BEFORE INSERT ON clients
  FOR EACH ROW EXECUTE FUNCTION clients_search_doc_row();
--> statement-breakpoint
CREATE TRIGGER clients_search_doc_upd BEFORE UPDATE OF name, city, postal_code ON clients
  FOR EACH ROW EXECUTE FUNCTION clients_search_doc_row();
--> statement-breakpoint
-- A contact or a site added, changed or removed: its client's document again (once per statement).
CREATE OR REPLACE FUNCTION clients_search_doc_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT r.client_id FROM new_rows r); END IF;
  IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT r.client_id FROM old_rows r); END IF;
  UPDATE clients c SET search_doc = client_search_doc(c.id, c.name, c.city, c.postal_code) WHERE c.id = ANY(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contacts', 'sites'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION clients_search_doc_touch()', t || '_search_doc_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION clients_search_doc_touch()', t || '_search_doc_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION clients_search_doc_touch()', t || '_search_doc_del', t);
  END LOOP;
END $$;
--> statement-breakpoint
UPDATE clients c SET search_doc = client_search_doc(c.id, c.name, c.city, c.postal_code);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_search_doc_idx" ON "clients" USING gin ("search_doc");
--> statement-breakpoint
-- The vocabulary (0009) learns the clients' cities and postal codes and the sites' postal codes, so
-- that « grenble » is corrected to « grenoble » as names are.
-- The words of a name, a city and a postal code (clients and sites).
CREATE OR REPLACE FUNCTION search_words_from_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme FROM new_rows r, unnest(search_tsv(concat_ws(' ', r.name, r.city, r.postal_code))) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Sites have the same three columns: their triggers now share the clients' function.
DROP TRIGGER IF EXISTS sites_search_words_ins ON sites;
--> statement-breakpoint
DROP TRIGGER IF EXISTS sites_search_words_upd ON sites;
--> statement-breakpoint
CREATE TRIGGER sites_search_words_ins AFTER INSERT ON sites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_clients();
--> statement-breakpoint
CREATE TRIGGER sites_search_words_upd AFTER UPDATE ON sites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_clients();
--> statement-breakpoint
DROP FUNCTION IF EXISTS search_words_from_sites();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT w.lexeme FROM clients c, unnest(search_tsv(concat_ws(' ', c.city, c.postal_code))) w
  UNION SELECT DISTINCT w.lexeme FROM sites s, unnest(search_tsv(s.postal_code)) w
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Ticket subjects join the vocabulary (issue 15 item 14): « injoignable », « postes muets » and
-- « Casque DECT » are corrected and found as client names are.
CREATE OR REPLACE FUNCTION search_words_from_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme FROM new_rows r, unnest(search_tsv(r.subject)) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tickets_search_words_ins AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_tickets();
--> statement-breakpoint
CREATE TRIGGER tickets_search_words_upd AFTER UPDATE ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_tickets();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT w.lexeme FROM tickets t, unnest(search_tsv(t.subject)) w
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Fuzzy noise (issue 15 item 4): a word the vocabulary knows is no typo, so it keeps only the words
-- it begins and words at similarity ≥ 0.5 (« garnier » no longer brings « gare », « gauthier »,
-- « fournier » at 0.3); an unknown word keeps every word at ≥ 0.3 (the pg_trgm `%` default).
CREATE OR REPLACE FUNCTION search_expand(q text, per_word int) RETURNS TABLE (tok text, words text[])
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    WITH toks AS (
      SELECT DISTINCT w.lexeme AS tok,
        replace(replace(replace(w.lexeme, '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern,
        EXISTS (SELECT 1 FROM search_words k WHERE k.word = w.lexeme) AS known
      FROM unnest(search_tsv(q)) w WHERE length(w.lexeme) >= 2
    )
    SELECT t.tok, array_agg(c.word)
    FROM toks t CROSS JOIN LATERAL (
      SELECT v.word FROM search_words v
      WHERE v.word = t.tok
        OR (length(t.tok) >= 3 AND (v.word LIKE t.pattern
          OR (v.word % t.tok AND (NOT t.known OR similarity(v.word, t.tok) >= 0.5))))
      ORDER BY v.word = t.tok DESC, similarity(v.word, t.tok) DESC, v.word
      LIMIT per_word
    ) c
    GROUP BY t.tok;
END $$;
--> statement-breakpoint
-- Clients created with their SIRET alone get their SIREN, its first 9 digits (issue 15 item 5);
-- the service does so from now on.
UPDATE clients SET siren = left(siret, 9) WHERE siren IS NULL AND siret ~ '^\d{14}$';
