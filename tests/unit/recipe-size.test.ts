import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";
import { generatorSpecSchema } from "@/lib/generation/contract";
import { MAX_RECIPE_BYTES, recipeSizeProblem, validateRecipe } from "@/lib/generation/recipe";
import { largestRecipe } from "../support/largest-recipe";

const MB = 1024 * 1024;

describe("how much a recipe may weigh", () => {
  it("fits the largest legitimate recipe (10,000 jobs with every parameter) under the cap, and measures what it would weigh otherwise", () => {
    const recipe = largestRecipe();
    expect(validateRecipe(generatorSpecSchema.parse(VISIONFIT_SPEC), recipe).ok).toBe(true);
    const json = JSON.stringify(recipe);
    const bytes = Buffer.byteLength(json);
    // The same jobs as columns (names once, values in rows), and gzip as a browser's CompressionStream would send it.
    const names = VISIONFIT_SPEC.params.map((p) => p.name);
    const columnar = JSON.stringify({ ...recipe, jobs: { columns: names, rows: (recipe.jobs as Record<string, unknown>[]).map((j) => names.map((n) => j[n])) } });
    console.log(
      `recipe size: largest legitimate recipe ${(bytes / MB).toFixed(2)} MB as JSON (cap ${(MAX_RECIPE_BYTES / MB).toFixed(0)} MiB); ` +
        `gzip ${(gzipSync(json).length / MB).toFixed(2)} MB; as columns ${(Buffer.byteLength(columnar) / MB).toFixed(2)} MB, gzip ${(gzipSync(columnar).length / MB).toFixed(2)} MB`,
    );
    expect(bytes).toBeGreaterThan(8 * MB);
    expect(bytes).toBeLessThanOrEqual(MAX_RECIPE_BYTES);
    expect(recipeSizeProblem(bytes)).toBeNull();
  });

  it("refuses anything heavier with a sentence naming both sizes", () => {
    expect(recipeSizeProblem(MAX_RECIPE_BYTES)).toBeNull();
    expect(recipeSizeProblem(MAX_RECIPE_BYTES + 1)).toMatch(/^This recipe is 10\.1 MB of JSON; a recipe may be at most 10\.0 MB/);
    expect(recipeSizeProblem(15.1 * MB)).toBe(
      "This recipe is 15.1 MB of JSON; a recipe may be at most 10.0 MB (10,000 jobs with every parameter fit). Split the jobs over several batches.",
    );
  });
});
