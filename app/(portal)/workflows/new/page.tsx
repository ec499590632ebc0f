import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { EditorOrProblem } from "@/components/workflow-editor/editor-page";
import { isPortalError } from "@/lib/errors";
import type { Recipe } from "@/lib/generation/recipe";
import { getBatch, readBatchRecipe } from "@/lib/portal/batch-report";
import { loadGeneratorSpec } from "@/lib/portal/generator-spec";
import { requestOrigin, requireMember } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";

export const metadata = { title: "New batch" };

/** `?from=<batch id>` is "duplicate and modify": the batch's frozen recipe, ready to change. */
export default async function NewWorkflowPage({ searchParams }: { searchParams: Promise<{ generator?: string; from?: string }> }) {
  const member = await requireMember();
  const { generator, from } = await searchParams;
  let initial: Partial<Recipe> | undefined;
  if (from !== undefined) {
    if (!uuidSchema.safeParse(from).success) notFound();
    const source = await getBatch(member, from).catch((error: unknown) => {
      if (isPortalError(error) && error.kind === "not_found") notFound();
      throw error;
    });
    // The editor shows a pasted job list: read it whole.
    initial = { ...((await readBatchRecipe(member, source, "whole")) as Partial<Recipe>), name: `${source.name} (copy)` };
  }
  return (
    <>
      <PageHeader
        title={initial ? "Duplicate and modify" : "New batch"}
        description={initial ? "The copied batch's recipe, with the same seed. Change what you need and submit." : "Pick a generator, give each job parameter a value or a distribution, and submit."}
      />
      <EditorOrProblem loaded={await loadGeneratorSpec(member, await requestOrigin(), initial?.generator ?? generator)} initial={initial} />
    </>
  );
}
