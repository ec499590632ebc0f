-- The audit history is append-only and hash-chained per team, in the database itself so no
-- code path (or hand-written SQL) can quietly change it. These columns are managed by the
-- triggers below and are deliberately absent from the drizzle schema: the application never
-- writes them. `npm run audit:verify` (lib/portal/audit-chain.ts) walks the chains.
ALTER TABLE "audit_events" ADD COLUMN "seq" bigint;
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;
--> statement-breakpoint
-- The text each audit row is hashed over (besides the previous hash). Verification reads the
-- same text and hashes it outside the database.
CREATE OR REPLACE FUNCTION audit_event_fields(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', e.seq::text, e.id::text, coalesce(e.team_id::text, ''), coalesce(e.actor_id::text, ''), e.action,
    coalesce(e.target_type, ''), coalesce(e.target_id, ''), e.metadata::text, coalesce(e.ip, ''), coalesce(e.user_agent, ''),
    to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_event_digest(prev text, e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || audit_event_fields(e), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Chain the rows written before this migration, team by team in id order.
DO $$
DECLARE
  r audit_events;
  last_hash text := '';
  n bigint := 0;
  chain text := NULL;
BEGIN
  FOR r IN SELECT * FROM audit_events ORDER BY coalesce(team_id::text, ''), id LOOP
    IF chain IS DISTINCT FROM coalesce(r.team_id::text, '') THEN
      chain := coalesce(r.team_id::text, '');
      last_hash := '';
      n := 0;
    END IF;
    n := n + 1;
    r.seq := n;
    UPDATE audit_events SET seq = n, prev_hash = last_hash, hash = audit_event_digest(last_hash, r) WHERE id = r.id;
    last_hash := audit_event_digest(last_hash, r);
  END LOOP;
END $$;
--> statement-breakpoint
-- Each insert joins the end of its team's chain. The advisory lock serialises writers of one
-- team, so two concurrent events can never claim the same predecessor.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_row record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit_events:' || coalesce(NEW.team_id::text, ''), 0));
  SELECT seq, hash INTO last_row FROM audit_events
    WHERE team_id IS NOT DISTINCT FROM NEW.team_id ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_row.seq, 0) + 1;
  NEW.prev_hash := coalesce(last_row.hash, '');
  NEW.hash := audit_event_digest(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_team_seq_idx" ON "audit_events" ("team_id", "seq");
