import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";
import type { ParamSpec } from "@/lib/generation/contract";
import { MAX_JOBS } from "@/lib/generation/recipe-schema";
import { createStream } from "@/lib/generation/prng";

/**
 * The heaviest recipe a person can legitimately make: 10,000 pasted VisionFit jobs, every
 * parameter set in every job, numbers at full float precision (as Python prints random draws),
 * a UUID state each, and a name of the longest allowed length. Deterministic, so its size is a
 * figure that stays put.
 */
export function largestRecipe(): Record<string, unknown> {
  const random = createStream(20_240_601, "largest recipe");
  const uuid = () => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => Math.floor(random() * 16).toString(16));
  const value = (p: ParamSpec) => {
    if (p.type === "uuid") return uuid();
    if (p.type === "bool") return random() < 0.5;
    if (p.options && "choices" in p.options) return p.options.choices[Math.floor(random() * p.options.choices.length)]!;
    const { min, max } = p.options as { min: number; max: number };
    const drawn = min + random() * (max - min);
    return p.type === "int" ? Math.round(drawn) : drawn;
  };
  const jobs = Array.from({ length: MAX_JOBS }, () => Object.fromEntries(VISIONFIT_SPEC.params.map((p) => [p.name, value(p)])));
  return { generator: VISIONFIT_SPEC.name, kind: "video", jobCount: MAX_JOBS, seed: 1, name: "n".repeat(200), params: {}, jobs };
}
