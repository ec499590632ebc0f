import { randomInt, randomUUID } from "node:crypto";
import Link from "next/link";
import { GeneratorDocsProvider } from "@/components/generators/param-docs-link";
import type { GeneratorSpec } from "@/lib/generation/contract";
import type { Recipe } from "@/lib/generation/recipe";
import { WorkflowEditor } from "./workflow-editor";

/** The editor with the server-made seed and idempotency key, or the reason it cannot open. */
export function EditorOrProblem({ loaded, initial, workflowId }: { loaded: { spec: GeneratorSpec } | { problem: string }; initial?: Partial<Recipe>; workflowId?: string }) {
  if ("problem" in loaded) {
    return (
      <p role="alert" className="text-sm text-red-600">
        {loaded.problem}
      </p>
    );
  }
  return (
    <>
      <p className="mb-4 text-sm">
        Generator:{" "}
        <Link href={`/generators/${encodeURIComponent(loaded.spec.name)}`} className="font-mono hover:underline">
          {loaded.spec.name}
        </Link> <span className="text-zinc-500">version {loaded.spec.version}</span>
      </p>
      <GeneratorDocsProvider generator={loaded.spec.name}>
        <WorkflowEditor spec={loaded.spec} initialSeed={randomInt(1_000_000)} idempotencyKey={randomUUID()} initial={initial} workflowId={workflowId} />
      </GeneratorDocsProvider>
    </>
  );
}
