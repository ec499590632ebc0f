import "server-only";
import type { GenerationClient } from "@/lib/generation/client";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { formatJobListError, recipeSizeProblem, validateRecipe, validateWorkflowRecipe, type Recipe, type RecipeValidation } from "@/lib/generation/recipe";
import { PortalError } from "@/lib/errors";

/**
 * The server's check of a recipe before it is stored, whether saved as a workflow or submitted
 * as a batch: its size first (before anything reads it further), then the generator's current
 * schema, read from the team's Generation API. Values sampled or checked in a browser are never
 * trusted; what is stored is what the check returns, not what was sent.
 */

/** The generator's schema; a generator the API no longer offers is the recipe's problem, an outage is not. */
export async function generatorSpec(client: GenerationClient, name: string, doing: "submitted" | "saved"): Promise<GeneratorSpec> {
  try {
    return await client.getGenerator(name);
  } catch (error) {
    if (error instanceof GenerationApiError && error.kind === "not_found") {
      throw new PortalError("bad_request:generator", `The generator "${name}" is not offered by the Generation API any more. Choose another one.`, { field: "generator" });
    }
    if (error instanceof GenerationApiError) {
      const outcome = doing === "saved" ? "The recipe could not be checked against the generator, so nothing was saved" : "Nothing was submitted";
      throw new PortalError("conflict:generation_api", `${error.message} ${outcome}; try again.`);
    }
    throw error;
  }
}

/** Refuses a recipe over `MAX_RECIPE_BYTES` with a sentence; `input` is parsed JSON, measured as JSON. */
export function assertRecipeSize(input: unknown): void {
  const problem = recipeSizeProblem(Buffer.byteLength(JSON.stringify(input) ?? ""));
  if (problem) throw new PortalError("bad_request:recipe", problem, { field: "recipe" });
}

/** Every problem of a failed validation, keyed by field as the editor shows them. */
function refusal(validation: Extract<RecipeValidation, { ok: false }>): PortalError {
  const count = validation.messages.length;
  return new PortalError("bad_request:recipe", `The recipe has ${count} problem${count === 1 ? "" : "s"}: ${validation.messages[0]}`, {
    fields: {
      ...validation.fieldErrors,
      ...Object.fromEntries(Object.entries(validation.paramErrors).map(([k, v]) => [`params.${k}`, v])),
      // An explicit job list's problems, by row (counted from 1) and column: "jobs.3.lighting_power".
      ...Object.fromEntries(validation.jobErrors.map((e) => [["jobs", e.row, e.column].filter((part) => part !== null).join("."), formatJobListError(e)])),
    },
  });
}

/**
 * A recipe checked for a batch (`"submitted"`: what the batch will be made of) or for a workflow
 * (`"saved"`: also the distributions a pasted job list replaces, which the workflow keeps).
 */
export async function checkRecipe(client: GenerationClient, input: unknown, doing: "submitted" | "saved"): Promise<{ spec: GeneratorSpec; recipe: Recipe }> {
  assertRecipeSize(input);
  const generator = (input as { generator?: unknown } | null)?.generator;
  if (typeof generator !== "string" || generator === "") throw new PortalError("bad_request:recipe", "Choose a generator.", { field: "generator" });
  const spec = await generatorSpec(client, generator, doing);
  const validation = doing === "saved" ? validateWorkflowRecipe(spec, input) : validateRecipe(spec, input);
  if (!validation.ok) throw refusal(validation);
  return { spec, recipe: validation.recipe };
}
