import "server-only";
import { getDb } from "@/db";
import type { GenerationClient } from "@/lib/generation/client";
import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { exampleParamValues, exampleSupport, exampleValues, type ExampleSupport } from "./generator-examples";
import { generationClientFor, generationSourceFor } from "./generation";
import { requirePermission, type ActingMember } from "./member";

/** What the generator pages show, read from the team's Generation API. */

export interface GeneratorOverview {
  name: string;
  version: string;
  description: string;
  paramCount: number;
  preview: boolean;
  examples: boolean;
}

export interface GeneratorDocs {
  spec: GeneratorSpec;
  description: string;
  examples: ExampleSupport;
  /** Parameter → frames a video has at each of its example values (when they differ), and the other values that held. */
  videoFrames: Record<string, { frames: number[]; context: ParamValues }>;
}

const NO_LONGER_MEMBER = "You are no longer a member of this team.";

function describeOf(summary: Record<string, unknown>): string {
  return typeof summary.description === "string" ? summary.description : "";
}

export async function listGeneratorOverviews(member: ActingMember, origin: string): Promise<{ generators: GeneratorOverview[] } | { problem: string }> {
  await requirePermission(await getDb(), member, "team:read", NO_LONGER_MEMBER);
  const client = await generationClientFor(member, origin);
  const remote = (await generationSourceFor(member)).kind !== "built-in";
  try {
    const summaries = await client.listGenerators();
    const specs = await Promise.all(summaries.map((s) => client.getGenerator(s.name)));
    return {
      generators: specs.map((spec, i) => ({
        name: spec.name,
        version: spec.version,
        description: describeOf(summaries[i]!),
        paramCount: spec.params.length,
        preview: spec.options.preview,
        examples: exampleSupport(spec, remote).available,
      })),
    };
  } catch (error) {
    if (error instanceof GenerationApiError) return { problem: error.message };
    throw error;
  }
}

/** The generator's documentation, null when the Generation API has no such generator. */
export async function loadGeneratorDocs(member: ActingMember, origin: string, name: string): Promise<GeneratorDocs | { problem: string } | null> {
  await requirePermission(await getDb(), member, "team:read", NO_LONGER_MEMBER);
  const client = await generationClientFor(member, origin);
  const remote = (await generationSourceFor(member)).kind !== "built-in";
  let spec: GeneratorSpec;
  let description = "";
  try {
    spec = await client.getGenerator(name);
    description = describeOf((await client.listGenerators()).find((s) => s.name === name) ?? {});
  } catch (error) {
    if (error instanceof GenerationApiError && error.kind === "not_found") return null;
    if (error instanceof GenerationApiError) return { problem: error.message };
    throw error;
  }
  const examples = exampleSupport(spec, remote);
  if (examples.available && examples.builtIn.description) description ||= examples.builtIn.description;
  return { spec, description, examples, videoFrames: await videoFrames(client, spec, examples.available ? examples.builtIn.hints.context : {}) };
}

/**
 * How long a video is at each example value, from the API's own estimate: the effect of the
 * parameters a single preview frame cannot show (repetitions, speed, rests). One request for
 * the whole page; the page simply leaves the line out when the estimate fails.
 */
async function videoFrames(client: GenerationClient, spec: GeneratorSpec, context: Record<string, ParamValues>): Promise<GeneratorDocs["videoFrames"]> {
  const rows = spec.params.flatMap((p) => exampleValues(p).map((e) => ({ param: p.name, values: exampleParamValues(spec, { ...context[p.name], [p.name]: e.value }) })));
  if (rows.length === 0) return {};
  try {
    const frames = await client.estimate({
      name: "parameter documentation",
      job_runs: rows.map((r) => ({ name: spec.name, is_preview: false, param_values: r.values })),
    });
    const byParam: GeneratorDocs["videoFrames"] = {};
    rows.forEach((r, i) => (byParam[r.param] ??= { frames: [], context: context[r.param] ?? {} }).frames.push(frames[i] ?? 0));
    for (const [param, { frames: counts }] of Object.entries(byParam)) if (new Set(counts).size < 2) delete byParam[param];
    return byParam;
  } catch (error) {
    if (error instanceof GenerationApiError) return {};
    throw error;
  }
}
