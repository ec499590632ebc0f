import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/**
 * A team's own Generation API (at most one per team). The token is sealed with AES-256-GCM
 * under a key derived from AUTH_SECRET (lib/crypto/secret-box.ts); only its last characters
 * are kept in the clear, to tell people which token is set.
 */
export const generationConnections = pgTable("generation_connections", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  /** `v1.<iv>.<tag>.<ciphertext>`, base64url, bound to the team id as associated data. */
  tokenCiphertext: text("token_ciphertext").notNull(),
  tokenHint: text("token_hint").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
