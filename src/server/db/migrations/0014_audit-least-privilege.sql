-- The audit log's append-only rule no longer has a switch (the `relais.audit_purge` setting, which
-- any session could turn on). The only rows that may ever be deleted are security events older than
-- the retention below, computed here with now(), whoever asks; nothing may be updated or truncated.
-- The app runs as a role that may only INSERT and SELECT audit rows and call audit_purge()
-- (grants: src/server/infra/db-roles.ts; README « Deux rôles PostgreSQL »).

-- One row: how long security events are kept. Written by the owner role at start (AUDIT_RETENTION_DAYS).
CREATE TABLE "audit_policy" (
  "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
  "security_retention_days" integer NOT NULL DEFAULT 365 CHECK ("security_retention_days" >= 1)
);
--> statement-breakpoint
INSERT INTO "audit_policy" DEFAULT VALUES;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.category = 'security'
     AND OLD.at < now() - make_interval(days => (SELECT security_retention_days FROM audit_policy)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_purge(timestamptz);
--> statement-breakpoint
-- Retention purge: no argument, the cutoff is the database's. Runs with its owner's rights, so that
-- the runtime role needs no DELETE on the log; the search path is fixed (no temporary table named
-- audit_policy or audit_log can stand in for the real ones).
CREATE FUNCTION audit_purge() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE n integer;
BEGIN
  DELETE FROM audit_log WHERE category = 'security'
    AND at < now() - make_interval(days => (SELECT security_retention_days FROM audit_policy));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_purge() FROM PUBLIC;
