import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { batches } from "./batches";
import { teams } from "./teams";
import { users } from "./users";

/**
 * Read-only links to one batch's report that work without a login. The token is shown once
 * in the link; only its SHA-256 hash is kept, so a database leak does not leak working links.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null: the link works until it is revoked. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
    viewCount: integer("view_count").notNull().default(0),
  },
  (t) => [index("share_links_batch_idx").on(t.teamId, t.batchId, t.createdAt)],
);
