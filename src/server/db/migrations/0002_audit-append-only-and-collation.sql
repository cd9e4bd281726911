-- Names sort the French way ("é" with "e", not after "z").
ALTER TABLE "clients" ALTER COLUMN "name" TYPE text COLLATE "fr-FR";
--> statement-breakpoint
ALTER TABLE "partners" ALTER COLUMN "name" TYPE text COLLATE "fr-FR";
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "name" TYPE text COLLATE "fr-FR";
--> statement-breakpoint
ALTER TABLE "sites" ALTER COLUMN "name" TYPE text COLLATE "fr-FR";
--> statement-breakpoint
ALTER TABLE "contacts" ALTER COLUMN "last_name" TYPE text COLLATE "fr-FR";
--> statement-breakpoint
-- The audit log is append-only: UPDATE and DELETE are refused, except by audit_purge() below.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('relais.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- Retention purge: removes security events older than the cutoff; business history is kept.
CREATE OR REPLACE FUNCTION audit_purge(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
  PERFORM set_config('relais.audit_purge', 'on', true);
  DELETE FROM audit_log WHERE category = 'security' AND at < cutoff;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('relais.audit_purge', 'off', true);
  RETURN n;
END $$;
--> statement-breakpoint
CREATE INDEX "clients_name_trgm_idx" ON "clients" USING gin (f_unaccent(lower("name")) gin_trgm_ops);
