import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window counters for abuse limits (sign-in and registration per IP, share-token and
 * API-token misses per IP, connection tests per team). Kept in the database rather than in
 * memory so a limit holds across every app and worker process. `key` is `<scope>:<subject>`.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [index("rate_limits_window_idx").on(t.windowStart)],
);
