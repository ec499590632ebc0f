import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { batches, batchJobs, workflows } from "@/db/schema";
import type { GenerationClient } from "@/lib/generation/client";
import type { CreatedBatch, ParamValues } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { sampleJobs } from "@/lib/generation/sampling";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { upstreamFor } from "./generation";
import { requirePermission, type ActingMember } from "./member";
import { checkRecipe } from "./recipe-check";

export type SubmissionState = "submitting" | "submitted" | "failed_to_submit";

/** The batch as the Generation API made it: its id, and its jobs' ids in the order sent. */
type UpstreamBatch = Pick<CreatedBatch, "id" | "job_runs">;

const JOBS_PER_STATEMENT = 2_500;

export interface SubmissionResult {
  batchId: string;
  submission: SubmissionState;
  failureReason: string | null;
  /** True when the idempotency key named a batch that already existed. */
  existing: boolean;
}

/** Checks a recipe against the generator's current schema and samples its jobs, on the server. */
async function prepareJobs(client: GenerationClient, input: unknown) {
  const { spec, recipe } = await checkRecipe(client, input, "submitted");
  return { spec, recipe, jobs: sampleJobs(spec, recipe) };
}

/** Frames the Generation API expects to render for this recipe, job by job summed. */
export async function estimateFrames(member: ActingMember, recipe: unknown, client: GenerationClient): Promise<{ frames: number; jobs: number }> {
  const db = await getDb();
  await requirePermission(db, member, "batches:submit", "Viewers cannot submit batches.");
  const prepared = await prepareJobs(client, recipe);
  try {
    const perJob = await client.estimate({
      name: prepared.recipe.name,
      job_runs: prepared.jobs.map((params) => ({ name: prepared.spec.name, is_preview: prepared.recipe.kind === "preview", param_values: params })),
    });
    return { frames: perJob.reduce((a, b) => a + b, 0), jobs: perJob.length };
  } catch (error) {
    if (error instanceof GenerationApiError) throw new PortalError("conflict:generation_api", `Could not get an estimate: ${error.message}`);
    throw error;
  }
}

/**
 * Submits a batch from a recipe. The server re-validates the recipe and samples every job
 * itself from the recipe and seed (values sampled in a browser are never trusted), writes the
 * batch, its jobs and an audit event in one transaction as `submitting`, then calls the
 * Generation API. If that fails the batch stays, as `failed_to_submit` with the reason, and
 * can be retried: nothing the user asked for is lost.
 */
export async function submitBatch(
  member: ActingMember,
  input: { recipe: unknown; idempotencyKey: string; workflowId?: string | null },
  client: GenerationClient,
): Promise<SubmissionResult> {
  const db = await getDb();
  await requirePermission(db, member, "batches:submit", "Viewers cannot submit batches. Ask an admin for the member role.");
  const [already] = await db
    .select({ id: batches.id, submission: batches.submission, failureReason: batches.failureReason })
    .from(batches)
    .where(and(eq(batches.teamId, member.teamId), eq(batches.idempotencyKey, input.idempotencyKey)));
  if (already) return { batchId: already.id, submission: already.submission, failureReason: already.failureReason, existing: true };
  if (input.workflowId) await assertTeamWorkflow(member, input.workflowId);

  const { spec, recipe, jobs } = await prepareJobs(client, input.recipe);

  let batchId: string;
  try {
    batchId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(batches)
        .values({
          teamId: member.teamId,
          workflowId: input.workflowId ?? null,
          name: recipe.name,
          generator: spec.name,
          generatorVersion: spec.version,
          kind: recipe.kind,
          seed: recipe.seed,
          jobCount: jobs.length,
          recipe: recipe as unknown as Record<string, unknown>,
          idempotencyKey: input.idempotencyKey,
          submittedBy: member.userId,
        })
        .returning({ id: batches.id });
      // Each statement carries its jobs as one JSON parameter that Postgres expands. A multi-row
      // VALUES list through the ORM binds three parameters per job and made this write about
      // twice as slow for 10,000 jobs (scripts/bench/submission.ts). Statements of 2,500 jobs
      // keep the parameter at a few MB, far below any driver's or proxy's limits.
      for (let start = 0; start < jobs.length; start += JOBS_PER_STATEMENT) {
        await tx.execute(sql`
          insert into ${batchJobs} (batch_id, position, params)
          select ${row!.id}, (${start} + j.n - 1)::int, j.params
          from jsonb_array_elements(${JSON.stringify(jobs.slice(start, start + JOBS_PER_STATEMENT))}::jsonb) with ordinality as j(params, n)`);
      }
      await recordAudit(tx, auditFor(member, "batch.created", { type: "batch", id: row!.id }, { name: recipe.name, generator: spec.name, kind: recipe.kind, jobs: jobs.length, seed: recipe.seed }));
      return row!.id;
    });
  } catch (error) {
    // A concurrent double submit with the same key: the other request made the batch.
    const [winner] = await db.select({ id: batches.id, submission: batches.submission, failureReason: batches.failureReason }).from(batches).where(and(eq(batches.teamId, member.teamId), eq(batches.idempotencyKey, input.idempotencyKey)));
    if (winner) return { batchId: winner.id, submission: winner.submission, failureReason: winner.failureReason, existing: true };
    throw error;
  }
  // The jobs just written are still in hand; a retry reads them back instead.
  return { ...(await sendUpstream(member, batchId, client, jobs)), existing: false };
}

/**
 * The workflow a batch says it came from must be the team's own (deleted ones included: a
 * batch keeps its link after the workflow goes). Another team's id and an id that names
 * nothing get the same answer, so neither is confirmed, and no batch is ever linked to
 * another team's workflow.
 */
async function assertTeamWorkflow(member: ActingMember, workflowId: string): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ id: workflows.id })
    .from(workflows)
    .where(and(eq(workflows.id, workflowId), eq(workflows.teamId, member.teamId)));
  if (!row) throw new PortalError("not_found:workflow", "That workflow does not exist or was deleted.");
}

/** Sends a `failed_to_submit` batch again. Only one retry at a time can claim it. */
export async function retrySubmission(member: ActingMember, batchId: string, client: GenerationClient): Promise<SubmissionResult> {
  const db = await getDb();
  await requirePermission(db, member, "batches:submit", "Viewers cannot submit batches.");
  const [claimed] = await db
    .update(batches)
    .set({ submission: "submitting", failureReason: null, submissionStartedAt: new Date() })
    .where(and(eq(batches.id, batchId), eq(batches.teamId, member.teamId), eq(batches.submission, "failed_to_submit")))
    .returning({ id: batches.id });
  if (!claimed) {
    const [row] = await db.select({ submission: batches.submission }).from(batches).where(and(eq(batches.id, batchId), eq(batches.teamId, member.teamId)));
    if (!row) throw new PortalError("not_found:batch", "That batch does not exist.");
    throw new PortalError("conflict:batch", row.submission === "submitted" ? "This batch was already submitted." : "This batch is being submitted right now.");
  }
  await recordAudit(db, auditFor(member, "batch.submit_retried", { type: "batch", id: batchId }));
  return { ...(await sendUpstream(member, batchId, client)), existing: false };
}

/** The upstream batch name carries the portal batch's id, so a retry can find an earlier attempt. */
export function upstreamBatchName(name: string, batchId: string): string {
  return `${name} · ${batchId.slice(0, 8)}`;
}

/**
 * The upstream batch an earlier attempt to send this one created, if any: its name carries the
 * portal batch's id, and it was made after the portal batch.
 */
export async function findEarlierAttempt(client: GenerationClient, batch: { id: string; name: string; createdAt: Date }): Promise<UpstreamBatch | null> {
  const name = upstreamBatchName(batch.name, batch.id);
  const earlier = (await client.listBatches({ start: new Date(batch.createdAt.getTime() - 60_000) })).find((b) => b.name === name);
  return earlier ? client.getBatch(earlier.id) : null;
}

/**
 * Records that the batch reached the upstream: its id there, and each job's, by position.
 * `onlyIfSubmitting` leaves a batch alone that something else has settled meanwhile. False
 * when it did nothing.
 */
export async function markSubmitted(tx: Queryable, batchId: string, upstream: UpstreamBatch, jobCount: number, sentTo: string, onlyIfSubmitting = false): Promise<boolean> {
  if (upstream.job_runs.length !== jobCount) throw new GenerationApiError("invalid_response", `The Generation API created ${upstream.job_runs.length} jobs for ${jobCount} submitted.`);
  const updated = await tx
    .update(batches)
    .set({ submission: "submitted", upstreamBatchId: upstream.id, upstream: sentTo, submittedAt: new Date(), failureReason: null })
    .where(onlyIfSubmitting ? and(eq(batches.id, batchId), eq(batches.submission, "submitting")) : eq(batches.id, batchId))
    .returning({ id: batches.id });
  if (updated.length === 0) return false;
  const ids = upstream.job_runs.map((j) => j.id);
  await tx.execute(sql`
    update ${batchJobs} set upstream_job_id = u.id
    from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) with ordinality as u(id, n)
    where ${batchJobs.batchId} = ${batchId} and ${batchJobs.position} = u.n - 1`);
  return true;
}

/** `stored` is the batch's job parameters in position order, when the caller has just written them. */
async function sendUpstream(member: ActingMember, batchId: string, client: GenerationClient, stored?: ParamValues[]): Promise<Omit<SubmissionResult, "existing">> {
  const db = await getDb();
  const [batch] = await db
    .select({ id: batches.id, name: batches.name, generator: batches.generator, kind: batches.kind, createdAt: batches.createdAt })
    .from(batches)
    .where(and(eq(batches.id, batchId), eq(batches.teamId, member.teamId)));
  if (!batch) throw new PortalError("not_found:batch", "That batch does not exist.");
  const jobs = stored
    ? stored.map((params) => ({ params }))
    : await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batchId)).orderBy(asc(batchJobs.position));
  const sentTo = await upstreamFor(member);
  try {
    // An earlier attempt may have reached the upstream even though its answer was lost
    // (a time-out): adopt that batch instead of creating a second one.
    const earlier = await findEarlierAttempt(client, batch);
    const upstream =
      earlier ??
      (await client.createBatch({ name: upstreamBatchName(batch.name, batch.id), job_runs: jobs.map((job) => ({ name: batch.generator, is_preview: batch.kind === "preview", param_values: job.params })) }));
    await db.transaction(async (tx) => {
      await markSubmitted(tx, batchId, upstream, jobs.length, sentTo);
      await recordAudit(tx, auditFor(member, "batch.submitted", { type: "batch", id: batchId }, { upstreamBatchId: upstream.id, adopted: Boolean(earlier) }));
    });
    return { batchId, submission: "submitted", failureReason: null };
  } catch (error) {
    if (!(error instanceof GenerationApiError)) throw error;
    const reason = error.message;
    await db.transaction(async (tx) => {
      await tx.update(batches).set({ submission: "failed_to_submit", failureReason: reason }).where(eq(batches.id, batchId));
      await recordAudit(tx, auditFor(member, "batch.submit_failed", { type: "batch", id: batchId }, { reason, kind: error.kind }));
    });
    return { batchId, submission: "failed_to_submit", failureReason: reason };
  }
}
