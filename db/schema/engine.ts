import { boolean, index, integer, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The reference Generation API's own tables, in their own schema: the engine is a service
 * of its own and shares only the database server with the portal. `team_id` is the owner
 * of the API token that created the batch; it is not a foreign key on purpose.
 */
export const engine = pgSchema("engine");

/** One published file of a finished job, as recorded when it was published. */
export interface ResultFileRecord {
  name: string;
  size: number;
  crc32: number;
}

export const engineJobStatus = engine.enum("job_status", ["queued", "running", "succeeded", "failed", "canceled"]);

export const engineBatches = engine.table(
  "batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("engine_batches_team_created_idx").on(t.teamId, t.createdAt)],
);

export const engineJobs = engine.table(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => engineBatches.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").notNull(),
    position: integer("position").notNull(),
    generator: text("generator").notNull(),
    isPreview: boolean("is_preview").notNull(),
    paramValues: jsonb("param_values").$type<Record<string, string | number | boolean | null>>().notNull(),
    status: engineJobStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    framesTotal: integer("frames_total").notNull(),
    framesDone: integer("frames_done").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Storage key of the published output folder; set only once the job succeeded. */
    resultKey: text("result_key"),
    /**
     * The published files' names, sizes and CRC-32s, taken once when the job succeeded, so a
     * download need neither list the folder nor checksum the bytes again on their way out.
     * Null for results published before this was recorded.
     */
    resultFiles: jsonb("result_files").$type<ResultFileRecord[]>(),
  },
  (t) => [
    index("engine_jobs_batch_idx").on(t.batchId, t.position),
    index("engine_jobs_team_created_idx").on(t.teamId, t.createdAt),
    index("engine_jobs_finished_idx").on(t.teamId, t.finishedAt),
  ],
);
