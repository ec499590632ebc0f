import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users, workflows } from "@/db/schema";
import { MAX_RECIPE_BYTES, recipeHeaderSchema, recipeSizeProblem } from "@/lib/generation/recipe";
import type { GenerationClient } from "@/lib/generation/client";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember } from "./member";
import { assertRecipeSize, checkRecipe } from "./recipe-check";

const notFound = () => new PortalError("not_found:workflow", "That workflow does not exist or was deleted.");

/**
 * Saves a recipe as a workflow: new when `id` is absent, else an update of the team's own
 * workflow. The recipe is checked as a batch's would be, against the generator's current schema
 * (`client` is the team's Generation API): its size, unknown parameters (named), every
 * distribution and every pasted job. What is stored is the checked recipe, not what was sent.
 */
export async function saveWorkflow(member: ActingMember, input: { id?: string; recipe: unknown }, client: GenerationClient): Promise<{ id: string }> {
  assertRecipeSize(input.recipe);
  // The name and generator first: the two things a draft most often lacks, each next to its field.
  const header = recipeHeaderSchema.pick({ name: true, generator: true }).safeParse(input.recipe);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw new PortalError("bad_request:workflow", issue.message, { field: String(issue.path[0] ?? "name") });
  }
  const db = await getDb();
  await requirePermission(db, member, "workflows:write", "Viewers cannot save workflows.");
  const { recipe } = await checkRecipe(client, input.recipe, "saved");
  const stored = recipe as unknown as Record<string, unknown>;
  return db.transaction(async (tx) => {
    await requirePermission(tx, member, "workflows:write", "Viewers cannot save workflows.");
    if (input.id) {
      const [row] = await tx
        .update(workflows)
        .set({ name: recipe.name, recipe: stored, updatedAt: new Date() })
        .where(and(eq(workflows.id, input.id), eq(workflows.teamId, member.teamId), isNull(workflows.deletedAt)))
        .returning({ id: workflows.id });
      if (!row) throw notFound();
      await recordAudit(tx, auditFor(member, "workflow.updated", { type: "workflow", id: row.id }, { name: recipe.name }));
      return row;
    }
    const [row] = await tx.insert(workflows).values({ teamId: member.teamId, name: recipe.name, recipe: stored, createdBy: member.userId }).returning({ id: workflows.id });
    await recordAudit(tx, auditFor(member, "workflow.created", { type: "workflow", id: row!.id }, { name: recipe.name }));
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
  // Saved before recipes were capped: opening it would put all of it in the editor page's HTML.
  const bytes = Buffer.byteLength(JSON.stringify(row.recipe));
  if (recipeSizeProblem(bytes)) {
    throw new PortalError(
      "conflict:workflow",
      `This workflow's recipe is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than a recipe may be now (${MAX_RECIPE_BYTES / 1024 / 1024} MB), so it cannot be opened. It was saved before that limit; delete it and save a smaller one.`,
    );
  }
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
