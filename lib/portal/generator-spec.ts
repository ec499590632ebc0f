import "server-only";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { generationClientFor } from "./generation";
import type { ActingMember } from "./member";

/** The schema of `wanted` (or of the first generator offered), or a sentence saying why not. */
export async function loadGeneratorSpec(member: ActingMember, origin: string, wanted?: string): Promise<{ spec: GeneratorSpec } | { problem: string }> {
  const client = await generationClientFor(member, origin);
  try {
    const generators = await client.listGenerators();
    if (wanted && !generators.some((g) => g.name === wanted)) return { problem: `The generator "${wanted}" is not offered by the Generation API any more.` };
    const chosen = wanted ?? generators[0]?.name;
    if (!chosen) return { problem: "The Generation API offers no generators." };
    return { spec: await client.getGenerator(chosen) };
  } catch (error) {
    if (error instanceof GenerationApiError) return { problem: error.message };
    throw error;
  }
}
