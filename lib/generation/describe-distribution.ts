import type { ParamSpec } from "./contract";
import { choicesOf, formatValue, isStateParam, rangeOf } from "./param-kinds";
import type { ParamRecipe, ParamRecipeOf } from "./recipe-schema";
import { resolveRandom, type ConcreteRecipe } from "./tailored-random";

/**
 * A short label for a parameter's distribution, for chart titles and the report:
 * "Uniform(10, 100)", "Choice: PUSHUP 50%, SQUAT 50%", "Fixed 3",
 * "Random (tailored): Uniform(10, 1000)". Pass the generator's name so Random can say what
 * the generator's sampler does; without it Random is described by the generic fallback.
 */
export function describeDistribution(param: ParamSpec, r: ParamRecipe, generator = ""): string {
  if (r.mode !== "random") return describeConcrete(param, r);
  const resolved = resolveRandom(generator, param, r);
  return `${resolved.tailored ? "Random (tailored)" : "Random"}: ${describeConcrete(param, resolved.recipe)}`;
}

function describeConcrete(param: ParamSpec, r: ConcreteRecipe): string {
  switch (r.mode) {
    case "default":
      return isStateParam(param) ? "Seed per job (from the batch seed)" : `Default (${formatValue(param.default_value)})`;
    case "fixed":
      return `Fixed ${formatValue(r.value)}`;
    case "uniform":
      return `Uniform(${r.min}, ${r.max})`;
    case "integer":
      return `Integer(${r.min}, ${r.max})`;
    case "normal": {
      const range = rangeOf(param);
      return range ? `Normal(${r.mean}, ${r.sd}) clipped to [${range.min}, ${range.max}]` : `Normal(${r.mean}, ${r.sd})`;
    }
    case "choice":
      return describeChoice(r);
    case "sweep": {
      const range = rangeOf(param);
      if (range) return `Sweep ${r.from ?? range.min} → ${r.to ?? range.max}`;
      const choices = choicesOf(param) ?? [];
      return choices.length <= 4 ? `Sweep: ${choices.map(String).join(", ")}` : `Sweep over ${choices.length} choices`;
    }
  }
}

/** Long lists (12 exercises) would not fit a chart title: summarise them. */
function describeChoice(r: ParamRecipeOf<"choice">): string {
  const live = r.options.filter((o) => o.weight > 0);
  const total = live.reduce((s, o) => s + o.weight, 0);
  if (live.length > 4 && live.every((o) => o.weight === live[0]!.weight)) return `Choice: uniform over ${live.length}`;
  const parts = live.slice(0, live.length > 4 ? 3 : 4).map((o) => `${String(o.value)} ${percent(o.weight / total)}`);
  if (live.length > 4) parts.push(`+${live.length - 3} more`);
  return `Choice: ${parts.join(", ")}`;
}

function percent(p: number): string {
  if (p > 0 && p < 0.005) return "<1%";
  const rounded = Math.round(p * 100);
  return `${rounded}%`;
}
