import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { EditorOrProblem } from "@/components/workflow-editor/editor-page";
import { isPortalError } from "@/lib/errors";
import type { Recipe } from "@/lib/generation/recipe";
import { loadGeneratorSpec } from "@/lib/portal/generator-spec";
import { requestOrigin, requireMember } from "@/lib/portal/session";
import { getWorkflow } from "@/lib/portal/workflows";
import { uuidSchema } from "@/lib/validation";

export const metadata = { title: "Workflow" };

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const workflow = await getWorkflow(member, id).catch((error: unknown) => {
    if (isPortalError(error) && error.kind === "not_found") notFound();
    if (isPortalError(error) && error.kind === "conflict") return { problem: error.message };
    throw error;
  });
  if ("problem" in workflow) {
    return (
      <>
        <PageHeader title="Workflow" />
        <EditorOrProblem loaded={workflow} />
      </>
    );
  }
  const recipe = workflow.recipe as Partial<Recipe>;
  return (
    <>
      <PageHeader title={workflow.name} description="A saved workflow. Change it and save, or submit a batch from it." />
      <EditorOrProblem loaded={await loadGeneratorSpec(member, await requestOrigin(), recipe.generator)} initial={recipe} workflowId={workflow.id} />
    </>
  );
}
