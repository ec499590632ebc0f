/**
 * Sampling bench: 10,000 jobs × every VisionFit parameter on Random, cold and warm.
 *   npx tsx scripts/bench/sampling.ts
 */
import { generatorSpecSchema } from "../../lib/generation/contract";
import { sampleJobs } from "../../lib/generation/sampling";
import { VISIONFIT_SPEC } from "../../lib/engine/generators/visionfit/params";

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);
const recipe = {
  generator: spec.name,
  kind: "preview",
  jobCount: 10_000,
  seed: 7,
  name: "bench",
  params: Object.fromEntries(spec.params.filter((p) => p.type !== "uuid").map((p) => [p.name, { mode: "random" }])),
};

const time = () => {
  const start = performance.now();
  sampleJobs(spec, recipe);
  return performance.now() - start;
};
const cold = time();
const warm = Array.from({ length: 10 }, time).sort((a, b) => a - b);
console.log(`sampling 10,000 jobs × ${spec.params.length} params: cold ${cold.toFixed(0)} ms, warm median ${warm[5]!.toFixed(0)} ms, best ${warm[0]!.toFixed(0)} ms`);
