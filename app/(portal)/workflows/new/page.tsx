import { randomInt, randomUUID } from "node:crypto";
import { PageHeader } from "@/components/ui/card";
import { WorkflowEditor } from "@/components/workflow-editor/workflow-editor";
import type { GenerationClient } from "@/lib/generation/client";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin, requireMember } from "@/lib/portal/session";

export const metadata = { title: "New batch" };

async function loadSpec(client: GenerationClient, wanted?: string): Promise<{ spec: GeneratorSpec } | { problem: string }> {
  try {
    const generators = await client.listGenerators();
    const chosen = generators.find((g) => g.name === wanted)?.name ?? generators[0]?.name;
    if (!chosen) return { problem: "The Generation API offers no generators." };
    return { spec: await client.getGenerator(chosen) };
  } catch (error) {
    if (error instanceof GenerationApiError) return { problem: error.message };
    throw error;
  }
}

export default async function NewWorkflowPage({ searchParams }: { searchParams: Promise<{ generator?: string }> }) {
  const member = await requireMember();
  const { generator } = await searchParams;
  const loaded = await loadSpec(generationClientFor(member, await requestOrigin()), generator);
  return (
    <>
      <PageHeader title="New batch" description="Pick a generator, give each job parameter a value or a distribution, and submit." />
      {"problem" in loaded ? (
        <p role="alert" className="text-sm text-red-600">
          {loaded.problem}
        </p>
      ) : (
        <>
          <p className="mb-4 text-sm">
            Generator: <span className="font-mono">{loaded.spec.name}</span> <span className="text-zinc-500">version {loaded.spec.version}</span>
          </p>
          <WorkflowEditor spec={loaded.spec} initialSeed={randomInt(1_000_000)} idempotencyKey={randomUUID()} />
        </>
      )}
    </>
  );
}
