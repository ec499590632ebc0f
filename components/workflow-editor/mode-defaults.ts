import type { ParamSpec } from "@/lib/generation/contract";
import type { ParamRecipe, RecipeMode } from "@/lib/generation/recipe";

function range(param: ParamSpec): { min: number; max: number } | null {
  return param.options && "min" in param.options ? param.options : null;
}

function choices(param: ParamSpec): (string | number | boolean)[] {
  if (param.options && "choices" in param.options) return param.options.choices;
  return param.type === "bool" ? [false, true] : [];
}

/** A sensible starting point when a person switches a parameter to `mode`. */
export function startingRecipe(param: ParamSpec, mode: RecipeMode): ParamRecipe {
  const r = range(param);
  switch (mode) {
    case "default":
      return { mode };
    case "random":
      return { mode };
    case "fixed":
      return { mode, value: param.default_value ?? (param.type === "bool" ? false : "") };
    case "uniform":
    case "integer":
      return { mode, min: r?.min ?? 0, max: r?.max ?? 1 };
    case "normal": {
      const lo = r?.min ?? 0;
      const hi = r?.max ?? 1;
      return { mode, mean: typeof param.default_value === "number" ? param.default_value : (lo + hi) / 2, sd: Math.round(((hi - lo) / 6) * 1000) / 1000 || 1 };
    }
    case "choice":
      return { mode, options: choices(param).map((value) => ({ value, weight: 1 })) };
    case "sweep":
      return r ? { mode, from: r.min, to: r.max } : { mode };
  }
}

export { choices as choicesFor, range as rangeFor };
