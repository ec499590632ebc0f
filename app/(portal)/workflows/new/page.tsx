import { PageHeader } from "@/components/ui/card";
import { EditorOrProblem } from "@/components/workflow-editor/editor-page";
import { loadGeneratorSpec } from "@/lib/portal/generator-spec";
import { requestOrigin, requireMember } from "@/lib/portal/session";

export const metadata = { title: "New batch" };

export default async function NewWorkflowPage({ searchParams }: { searchParams: Promise<{ generator?: string }> }) {
  const member = await requireMember();
  const { generator } = await searchParams;
  return (
    <>
      <PageHeader title="New batch" description="Pick a generator, give each job parameter a value or a distribution, and submit." />
      <EditorOrProblem loaded={await loadGeneratorSpec(member, await requestOrigin(), generator)} />
    </>
  );
}
