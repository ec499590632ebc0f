import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Every mutation in the portal leaves one row here, written in the same transaction as the
 * change. team_id is null only for events before a team exists (a refused sign-in).
 *
 * Append-only and hash-chained per team, both enforced in the database (migration 0004):
 * triggers refuse UPDATE, DELETE and TRUNCATE, and a BEFORE INSERT trigger fills the columns
 * `seq`, `prev_hash` and `hash` under a per-team lock. Those three are left out of this
 * schema on purpose: the application never writes them. `npm run audit:verify` walks the chains.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    teamId: uuid("team_id"),
    actorId: uuid("actor_id"),
    /** `domain.verb`, e.g. `member.role_changed`. */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_team_created_idx").on(t.teamId, t.createdAt)],
);
