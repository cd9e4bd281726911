-- Sign-in changes are announced to every app instance (issue 16 item 1): each keeps the sessions it
-- read for a few seconds (auth/session-cache.ts) and drops a user's entries on `user:<id>` on the
-- channel relais_auth. Sent after commit, for any change of a user row (password, role, partner,
-- disabling, 2FA…), its deletion, and the deletion of sessions (logout, password change, purge).
CREATE FUNCTION relais_auth_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('relais_auth', 'user:' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_auth_notify_update AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION relais_auth_user_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_notify_delete AFTER DELETE ON users FOR EACH ROW
  EXECUTE FUNCTION relais_auth_user_changed();
--> statement-breakpoint
-- One statement deleting many sessions (a purge) sends one notice per user, not per session.
CREATE FUNCTION relais_auth_sessions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('relais_auth', 'user:' || user_id) FROM (SELECT DISTINCT user_id FROM gone) AS u;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_auth_notify AFTER DELETE ON sessions REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION relais_auth_sessions_deleted();
