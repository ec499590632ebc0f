import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/** A saved recipe: generator, a distribution per parameter, job count, seed and kind. */
export const workflows = pgTable(
  "workflows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    recipe: jsonb("recipe").$type<Record<string, unknown>>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Soft delete: batches keep pointing at the workflow they came from. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("workflows_team_idx").on(t.teamId, t.updatedAt)],
);

export const batchKind = pgEnum("batch_kind", ["preview", "video"]);
/** The portal's side of a submission; the job states themselves live upstream. */
export const batchSubmission = pgEnum("batch_submission", ["submitting", "submitted", "failed_to_submit"]);

export const batches = pgTable(
  "batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    generator: text("generator").notNull(),
    generatorVersion: text("generator_version").notNull().default(""),
    kind: batchKind("kind").notNull(),
    seed: integer("seed").notNull(),
    jobCount: integer("job_count").notNull(),
    /** The recipe exactly as submitted, frozen: later edits of the workflow do not touch it. */
    recipe: jsonb("recipe").$type<Record<string, unknown>>().notNull(),
    submission: batchSubmission("submission").notNull().default("submitting"),
    /** When the current attempt to send it began: a `submitting` batch older than the timeout was interrupted (submission-reconciler.ts). */
    submissionStartedAt: timestamp("submission_started_at", { withTimezone: true }).notNull().defaultNow(),
    failureReason: text("failure_reason"),
    upstreamBatchId: text("upstream_batch_id"),
    /**
     * Which Generation API the batch was sent to: its URL, or "built-in". Status and results
     * are read from there only; if the team has since moved to another, the report says so
     * instead of asking one that never heard of the batch. Null for batches from before this.
     */
    upstream: text("upstream"),
    /** One per form: a double click or a retried request finds the batch it already made. */
    idempotencyKey: text("idempotency_key").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    unique("batches_team_idempotency_key").on(t.teamId, t.idempotencyKey),
    index("batches_team_created_idx").on(t.teamId, t.createdAt),
    // Only the few batches being sent: what the reconciler scans.
    index("batches_submitting_idx").on(t.submissionStartedAt).where(sql`${t.submission} = 'submitting'`),
  ],
);

/** The resolved parameters of every job, sampled on the server from the recipe and seed. */
export const batchJobs = pgTable(
  "batch_jobs",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    params: jsonb("params").$type<Record<string, string | number | boolean | null>>().notNull(),
    upstreamJobId: text("upstream_job_id"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.position] })],
);
