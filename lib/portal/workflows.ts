import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users, workflows } from "@/db/schema";
import { recipeHeaderSchema } from "@/lib/generation/recipe";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember } from "./member";

const notFound = () => new PortalError("not_found:workflow", "That workflow does not exist or was deleted.");

/**
 * Saves a recipe as a workflow: new when `id` is absent, else an update of the team's own
 * workflow. A draft may be incomplete; only its name and shape are checked here, the full
 * check against the generator happens when a batch is submitted from it.
 */
export async function saveWorkflow(member: ActingMember, input: { id?: string; recipe: unknown }): Promise<{ id: string }> {
  const header = recipeHeaderSchema.pick({ name: true, generator: true }).safeParse(input.recipe);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw new PortalError("bad_request:workflow", issue.message, { field: String(issue.path[0] ?? "name") });
  }
  const recipe = input.recipe as Record<string, unknown>;
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requirePermission(tx, member, "workflows:write", "Viewers cannot save workflows.");
    if (input.id) {
      const [row] = await tx
        .update(workflows)
        .set({ name: header.data.name, recipe, updatedAt: new Date() })
        .where(and(eq(workflows.id, input.id), eq(workflows.teamId, member.teamId), isNull(workflows.deletedAt)))
        .returning({ id: workflows.id });
      if (!row) throw notFound();
      await recordAudit(tx, auditFor(member, "workflow.updated", { type: "workflow", id: row.id }, { name: header.data.name }));
      return row;
    }
    const [row] = await tx.insert(workflows).values({ teamId: member.teamId, name: header.data.name, recipe, createdBy: member.userId }).returning({ id: workflows.id });
    await recordAudit(tx, auditFor(member, "workflow.created", { type: "workflow", id: row!.id }, { name: header.data.name }));
    return row!;
  });
}

/** What the list shows of a recipe; `jobCount` as stored, which only a number is taken from. */
type RecipeSummary = { generator: string | null; kind: string | null; jobCount: unknown };

/**
 * The team's workflows for the list: what a row shows, read out of each recipe inside the
 * database. The recipes themselves never leave it here: one with 10,000 pasted jobs weighs ~9 MB,
 * and reading ten of them whole made the page take seconds. One `jsonb_to_record` per row takes
 * the three fields in one pass: an `->>` each would decompress the whole recipe three times.
 */
export async function listWorkflows(member: ActingMember) {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      summary: sql<RecipeSummary>`(select to_jsonb(r) from jsonb_to_record(${workflows.recipe}) as r(generator text, kind text, "jobCount" jsonb))`,
      updatedAt: workflows.updatedAt,
      createdByName: users.name,
      createdByEmail: users.email,
    })
    .from(workflows)
    .leftJoin(users, eq(users.id, workflows.createdBy))
    .where(and(eq(workflows.teamId, member.teamId), isNull(workflows.deletedAt)))
    .orderBy(desc(workflows.updatedAt))
    .limit(200);
  return rows.map(({ summary, ...row }) => ({
    ...row,
    generator: summary.generator,
    kind: summary.kind,
    jobCount: typeof summary.jobCount === "number" ? summary.jobCount : null,
  }));
}

export async function getWorkflow(member: ActingMember, id: string) {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const [row] = await db
    .select({ id: workflows.id, name: workflows.name, recipe: workflows.recipe, updatedAt: workflows.updatedAt })
    .from(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.teamId, member.teamId), isNull(workflows.deletedAt)));
  if (!row) throw notFound();
  return row;
}

/** Soft delete: batches submitted from it keep their frozen recipe and their link. */
export async function deleteWorkflow(member: ActingMember, id: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requirePermission(tx, member, "workflows:write", "Viewers cannot delete workflows.");
    const [row] = await tx
      .update(workflows)
      .set({ deletedAt: new Date() })
      .where(and(eq(workflows.id, id), eq(workflows.teamId, member.teamId), isNull(workflows.deletedAt)))
      .returning({ id: workflows.id, name: workflows.name });
    if (!row) throw notFound();
    await recordAudit(tx, auditFor(member, "workflow.deleted", { type: "workflow", id }, { name: row.name }));
  });
}
