import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { batchJobs, batches, memberships, users } from "@/db/schema";
import { batchProgress, jobStatus, type BatchProgress, type JobState, type JobStatus } from "@/lib/generation/batch-progress";
import type { BatchSummary } from "@/lib/generation/contract";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { PortalError } from "@/lib/errors";
import { createCoalescer } from "./coalesce";
import { BUILT_IN_UPSTREAM, upstreamFor } from "./generation";
import { assertPermission, type ActingMember } from "./member";
import { isShareAccess, type BatchReader } from "./share-access";

const notFound = () => new PortalError("not_found:batch", "That batch does not exist, or it belongs to another team.");

/**
 * One batch of the member's team with who submitted it; another team's id is "not found". A
 * share link reads its own batch only (any other id is "not found") and never sees an e-mail.
 */
export async function getBatch(member: BatchReader, id: string) {
  const [row] = await getBatches(member, [id]);
  return row!;
}

const batchColumns = {
  id: batches.id,
  name: batches.name,
  generator: batches.generator,
  generatorVersion: batches.generatorVersion,
  kind: batches.kind,
  seed: batches.seed,
  jobCount: batches.jobCount,
  // Never the recipe: a poll reads this row every few seconds, and a recipe with 10,000 pasted
  // jobs weighs ~9 MB. The pages that show it read it with `readBatchRecipe`.
  submission: batches.submission,
  failureReason: batches.failureReason,
  upstreamBatchId: batches.upstreamBatchId,
  upstream: batches.upstream,
  workflowId: batches.workflowId,
  createdAt: batches.createdAt,
  submittedAt: batches.submittedAt,
  submittedByName: users.name,
  submittedByEmail: users.email,
};
const askedIds = sql`${batches.id} = any(${sql.placeholder("ids")}::uuid[])`;

/**
 * The two reads below are prepared once per connection: a status view polls them every few
 * seconds, and building the SQL and planning it again each time was a large part of a poll.
 * The member's read checks the role in the same round trip: the member's row, with the asked
 * batches of that team joined on; no row at all means they left the team.
 */
function prepareBatchReads(db: Db) {
  return {
    asMember: db
      .select({ role: memberships.role, ...batchColumns })
      .from(memberships)
      .leftJoin(batches, and(askedIds, eq(batches.teamId, memberships.teamId)))
      .leftJoin(users, eq(users.id, batches.submittedBy))
      .where(and(eq(memberships.teamId, sql.placeholder("teamId")), eq(memberships.userId, sql.placeholder("userId"))))
      .prepare("portal_batches_as_member"),
    shared: db
      .select(batchColumns)
      .from(batches)
      .leftJoin(users, eq(users.id, batches.submittedBy))
      .where(and(askedIds, eq(batches.teamId, sql.placeholder("teamId"))))
      .prepare("portal_batches_shared"),
  };
}
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareBatchReads>>();

/**
 * Several batches of the team at once, in the order asked (the list page's progress): one
 * role check and one query. Any id that is not the team's (or not the share link's) makes the
 * whole read "not found", as it does for one.
 */
export async function getBatches(member: BatchReader, ids: string[]) {
  const db = await getDb();
  const shared = isShareAccess(member);
  if (shared && ids.some((id) => id !== member.batchId)) throw notFound();
  let reads = preparedReads.get(db);
  if (!reads) preparedReads.set(db, (reads = prepareBatchReads(db)));
  let rows: Awaited<ReturnType<typeof reads.shared.execute>>;
  if (shared) {
    rows = ids.length ? await reads.shared.execute({ ids, teamId: member.teamId }) : [];
  } else {
    const joined = await reads.asMember.execute({ ids, teamId: member.teamId, userId: member.userId });
    assertPermission(joined[0]?.role, "team:read", "You are not a member of this team.");
    // A row without a batch id is the member's own row when none of the ids matched.
    rows = joined.flatMap(({ role: _role, ...batch }) => (batch.id === null ? [] : [batch as (typeof rows)[number]]));
  }
  const byId = new Map(rows.map((row) => [row.id, shared ? { ...row, submittedByEmail: null } : row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound();
    return row;
  });
}
export type BatchRow = Awaited<ReturnType<typeof getBatch>>;

/**
 * The recipe a batch was submitted with, for the pages that show it. The batch comes from
 * `getBatch`/`getBatches`, which checked who asks; the read is scoped to the reader's team again.
 * `jobs: "whole"` reads a pasted job list as it is (duplicate and modify opens it in the editor);
 * `"marker"` leaves the list in the database and puts an empty one in its place, which is all the
 * report needs to know (its job table and charts read the batch's own jobs, a page at a time).
 */
export async function readBatchRecipe(member: BatchReader, batch: Pick<BatchRow, "id">, jobs: "whole" | "marker"): Promise<Record<string, unknown>> {
  const db = await getDb();
  const recipe = jobs === "whole" ? batches.recipe : sql<Record<string, unknown>>`${batches.recipe} - 'jobs'`;
  const [row] = await db
    .select({ recipe, listed: sql<boolean>`jsonb_typeof(${batches.recipe}->'jobs') = 'array'` })
    .from(batches)
    .where(and(eq(batches.id, batch.id), eq(batches.teamId, member.teamId)));
  if (!row) throw notFound();
  return jobs === "marker" && row.listed ? { ...row.recipe, jobs: [] } : row.recipe;
}

/** Upstream reads shared across requests: while jobs run a summary is reused for 2 s, once all finished for a minute. */
const POLL_TTL_MS = 2_000;
const FINAL_TTL_MS = 60_000;
const summaries = createCoalescer<{ summary: BatchSummary; progress: BatchProgress; statuses: Map<string, JobStatus> }>({ maxEntries: 200 });

const summaryKey = (teamId: string, upstreamBatchId: string) => `${teamId}:${upstreamBatchId}`;

const describeUpstream = (upstream: string) => (upstream === BUILT_IN_UPSTREAM ? "the built-in engine" : upstream);

/**
 * A batch is read from the Generation API it was sent to, never from one the team moved to
 * since: that one would answer "no such batch", or worse, another batch under the same id.
 */
export async function assertSameUpstream(member: BatchReader, batch: Pick<BatchRow, "upstream">): Promise<void> {
  if (!batch.upstream) return; // submitted before batches recorded it
  const now = await upstreamFor(member);
  if (now === batch.upstream) return;
  throw new GenerationApiError(
    "not_found",
    `this batch was sent to ${describeUpstream(batch.upstream)}, but the team now uses ${describeUpstream(now)}, which does not have it; an admin can set Settings → Generation API back to ${describeUpstream(batch.upstream)} to read it again`,
  );
}

async function readSummary(member: BatchReader, batch: Pick<BatchRow, "upstream">, upstreamBatchId: string, client: GenerationClient) {
  return summaries.read(
    summaryKey(member.teamId, upstreamBatchId),
    async () => {
      await assertSameUpstream(member, batch);
      const summary = await client.summary(upstreamBatchId);
      return { summary, progress: batchProgress(summary), statuses: new Map(summary.job_runs.map((job) => [job.id, jobStatus(job)])) };
    },
    (value) => (value.progress.done ? FINAL_TTL_MS : POLL_TTL_MS),
  );
}

/** After cancel or retry the cached summary is stale. */
export function forgetBatchStatus(member: ActingMember, upstreamBatchId: string) {
  summaries.forget(summaryKey(member.teamId, upstreamBatchId));
}

export interface BatchStatusView {
  submission: BatchRow["submission"];
  failureReason: string | null;
  progress: BatchProgress | null;
  /** Set when the Generation API could not be read; the last known state is not invented. */
  upstreamProblem: string | null;
  /** The report stops polling when nothing can change any more. */
  final: boolean;
}

/** Upstream messages name the team's Generation API address; a share link's visitor gets the gist only. */
const SHARED_PROBLEM = "the Generation API could not be reached";

function upstreamProblem(error: unknown, reader: BatchReader): string {
  if (error instanceof GenerationApiError) return isShareAccess(reader) ? SHARED_PROBLEM : error.message;
  throw error;
}

/** Live status of a batch: its submission, then its jobs' counts as the Generation API reports them. */
export async function getBatchStatus(member: BatchReader, id: string, client: GenerationClient): Promise<BatchStatusView> {
  return batchStatus(member, await getBatch(member, id), client);
}

/** The live status of a batch row already read through `getBatch`/`getBatches`. */
export async function batchStatus(member: BatchReader, batch: BatchRow, client: GenerationClient): Promise<BatchStatusView> {
  if (batch.submission !== "submitted" || !batch.upstreamBatchId) {
    const failureReason = batch.failureReason && isShareAccess(member) ? "The batch could not be submitted to the Generation API." : batch.failureReason;
    return { submission: batch.submission, failureReason, progress: null, upstreamProblem: null, final: batch.submission === "failed_to_submit" };
  }
  try {
    const { progress } = await readSummary(member, batch, batch.upstreamBatchId, client);
    return { submission: batch.submission, failureReason: null, progress, upstreamProblem: null, final: progress.done };
  } catch (error) {
    return { submission: batch.submission, failureReason: null, progress: null, upstreamProblem: upstreamProblem(error, member), final: false };
  }
}

/**
 * A job's status as a share link's visitor sees it. `error` is whatever the Generation API wrote
 * (a remote upstream's traceback, paths, addresses): members need it to fix their batch, a
 * stranger with the link only needs to know the job did not succeed. The cached summary is
 * shared with members, so this makes a copy.
 */
export function sharedJobStatus(status: JobStatus): JobStatus {
  if (status.error === null && status.state !== "failed") return status;
  const error =
    status.state === "failed" ? "This job failed." : status.state === "canceled" ? "This job was canceled." : "An attempt of this job failed; it is being tried again.";
  return { ...status, error };
}

export interface BatchJobRow {
  position: number;
  params: Record<string, string | number | boolean | null>;
  status: JobStatus | null;
}

export const JOB_PAGE_MAX = 200;

/**
 * One page of a batch's jobs: the parameters the portal sampled, joined with their upstream
 * state. Without a state filter only the page's rows are read from the database, so the table
 * stays quick at 10,000 jobs; a state filter walks the (cached) summary instead.
 */
export async function listBatchJobs(
  member: BatchReader,
  id: string,
  client: GenerationClient,
  query: { offset: number; limit: number; state?: JobState },
): Promise<{ total: number; rows: BatchJobRow[]; upstreamProblem: string | null }> {
  const batch = await getBatch(member, id);
  const limit = Math.min(Math.max(1, query.limit), JOB_PAGE_MAX);
  const offset = Math.max(0, query.offset);
  let statuses: Map<string, JobStatus> | null = null;
  let problem: string | null = null;
  if (batch.upstreamBatchId) {
    try {
      statuses = (await readSummary(member, batch, batch.upstreamBatchId, client)).statuses;
    } catch (error) {
      problem = upstreamProblem(error, member);
    }
  }
  const db = await getDb();
  const columns = { position: batchJobs.position, params: batchJobs.params, upstreamJobId: batchJobs.upstreamJobId };
  const shown = isShareAccess(member) ? sharedJobStatus : (status: JobStatus) => status;
  const withStatus = (row: { position: number; params: BatchJobRow["params"]; upstreamJobId: string | null }): BatchJobRow => {
    const status = row.upstreamJobId ? statuses?.get(row.upstreamJobId) : undefined;
    return { position: row.position, params: row.params, status: status ? shown(status) : null };
  };

  if (query.state) {
    if (!statuses) return { total: 0, rows: [], upstreamProblem: problem };
    const all = await db.select(columns).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
    const matching = all.map(withStatus).filter((row) => row.status?.state === query.state);
    return { total: matching.length, rows: matching.slice(offset, offset + limit), upstreamProblem: problem };
  }
  const rows = await db
    .select(columns)
    .from(batchJobs)
    .where(and(eq(batchJobs.batchId, batch.id), gte(batchJobs.position, offset), lt(batchJobs.position, offset + limit)))
    .orderBy(asc(batchJobs.position));
  return { total: batch.jobCount, rows: rows.map(withStatus), upstreamProblem: problem };
}

/** Parameters the recipe sets to anything but the generator's default: the job table's columns. */
export function varyingParams(recipe: Record<string, unknown>): string[] {
  const params = (recipe.params ?? {}) as Record<string, { mode?: string }>;
  return Object.keys(params).filter((name) => params[name]?.mode && params[name]!.mode !== "default");
}
