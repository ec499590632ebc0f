import type { ParamSpec } from "./contract";
import { choicesOf, isNumeric, rangeOf, type ParamValue } from "./param-kinds";
import type { ChoiceValue, ParamRecipe } from "./recipe-schema";
import { resolveRandom, type ConcreteRecipe } from "./tailored-random";

/**
 * The distribution a recipe asks for, in the form a chart draws beside the sampled values:
 * bin probabilities for a parameter with a number range, one probability per choice
 * otherwise. It describes the values `sampleColumn` actually emits (whole numbers after
 * rounding, clipped mass piled on the bounds), so a chart compares like with like. A Sweep is
 * shown by its many-job limit: an even spread over from..to (or over the choices).
 */
export type ExpectedShape =
  | { kind: "numeric"; edges: number[]; probabilities: number[] }
  | { kind: "categorical"; categories: { value: ChoiceValue; probability: number }[] }
  | { kind: "none" };

/** `count` equal bins over [min, max]; the last edge is exactly `max`. */
export function binEdges(min: number, max: number, count: number): number[] {
  const n = Math.max(1, Math.floor(count));
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? max : min + ((max - min) * i) / n));
}

/** One bin per whole number, centred on it: bars for int parameters. */
export function integerEdges(min: number, max: number): number[] {
  return Array.from({ length: Math.floor(max) - Math.ceil(min) + 2 }, (_, i) => Math.ceil(min) + i - 0.5);
}

/**
 * `bins`: a count of equal bins over the parameter's range, or explicit ascending edges (bin
 * i is [edges[i], edges[i+1]), the last bin closed). Mass outside the edges is left out.
 */
export function expectedShape(param: ParamSpec, r: ParamRecipe, bins: number | number[], generator = ""): ExpectedShape {
  const concrete = r.mode === "random" ? resolveRandom(generator, param, r).recipe : r;
  const range = rangeOf(param);
  if (range && isNumeric(param)) {
    const edges = typeof bins === "number" ? binEdges(range.min, range.max, bins) : bins;
    return { kind: "numeric", edges, probabilities: binProbabilities(numericMass(param, concrete, range), edges) };
  }
  if (param.type === "uuid") return { kind: "none" };
  return { kind: "categorical", categories: categorical(param, concrete) };
}

/** Point masses plus at most one continuous part given by its CDF (the mass below x). */
interface Mass {
  points: { x: number; p: number }[];
  below?: (x: number) => number;
}

/** Above this many whole numbers, listing each one costs more than treating it as continuous. */
const MAX_POINTS = 10_000;

function numericMass(param: ParamSpec, r: ConcreteRecipe, range: { min: number; max: number }): Mass {
  const point = (v: ParamValue): Mass => ({ points: typeof v === "number" ? [{ x: v, p: 1 }] : [] });
  switch (r.mode) {
    case "default":
      return point(param.default_value);
    case "fixed":
      return point(r.value);
    case "choice": {
      const total = r.options.reduce((s, o) => s + o.weight, 0);
      return { points: r.options.flatMap((o) => (typeof o.value === "number" ? [{ x: o.value, p: o.weight / total }] : [])) };
    }
    case "integer":
      return wholeUniform(r.min, r.max);
    case "uniform":
      return param.type === "int" ? wholeUniform(r.min, r.max) : continuousUniform(r.min, r.max);
    case "sweep": {
      const a = Math.min(r.from ?? range.min, r.to ?? range.max);
      const b = Math.max(r.from ?? range.min, r.to ?? range.max);
      return param.type === "int" ? wholeUniform(a, b) : continuousUniform(a, b);
    }
    case "normal":
      return clippedNormal(r.mean, r.sd, range, param.type === "int");
  }
}

function continuousUniform(a: number, b: number): Mass {
  if (a === b) return { points: [{ x: a, p: 1 }] };
  return { points: [], below: (x) => Math.min(1, Math.max(0, (x - a) / (b - a))) };
}

function wholeUniform(a: number, b: number): Mass {
  const span = b - a + 1;
  if (span > MAX_POINTS) return continuousUniform(a - 0.5, b + 0.5);
  return { points: Array.from({ length: span }, (_, i) => ({ x: a + i, p: 1 / span })) };
}

/** Clipping puts the tails on the bounds as point masses; whole numbers round to the nearest. */
function clippedNormal(mean: number, sd: number, range: { min: number; max: number }, whole: boolean): Mass {
  const cdf = (x: number) => normalCdf((x - mean) / sd);
  if (whole && range.max - range.min + 1 <= MAX_POINTS) {
    const lo = Math.ceil(range.min);
    const hi = Math.floor(range.max);
    const points = [];
    for (let k = lo; k <= hi; k++) {
      const upper = k === hi ? 1 : cdf(k + 0.5);
      const lower = k === lo ? 0 : cdf(k - 0.5);
      points.push({ x: k, p: upper - lower });
    }
    return { points };
  }
  const atMin = cdf(range.min);
  return {
    points: [
      { x: range.min, p: atMin },
      { x: range.max, p: 1 - cdf(range.max) },
    ],
    below: (x) => (x <= range.min ? 0 : x >= range.max ? cdf(range.max) - atMin : cdf(x) - atMin),
  };
}

function binProbabilities(mass: Mass, edges: number[]): number[] {
  const probabilities = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  const last = probabilities.length - 1;
  for (const { x, p } of mass.points) {
    for (let i = 0; i <= last; i++) {
      if (x >= edges[i]! && (x < edges[i + 1]! || (i === last && x === edges[i + 1]))) {
        probabilities[i]! += p;
        break;
      }
    }
  }
  if (mass.below) {
    for (let i = 0; i <= last; i++) probabilities[i]! += mass.below(edges[i + 1]!) - mass.below(edges[i]!);
  }
  return probabilities;
}

function categorical(param: ParamSpec, r: ConcreteRecipe): { value: ChoiceValue; probability: number }[] {
  const weights = new Map<ChoiceValue, number>((choicesOf(param) ?? []).map((c) => [c, 0]));
  const add = (v: ParamValue, p: number) => {
    if (v !== null) weights.set(v, (weights.get(v) ?? 0) + p);
  };
  if (r.mode === "default") add(param.default_value, 1);
  else if (r.mode === "fixed") add(r.value, 1);
  else if (r.mode === "choice") {
    const total = r.options.reduce((s, o) => s + o.weight, 0);
    for (const o of r.options) add(o.value, o.weight / total);
  } else if (r.mode === "sweep") {
    for (const c of weights.keys()) weights.set(c, 1 / weights.size);
  }
  return [...weights].map(([value, probability]) => ({ value, probability }));
}

/** Φ through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7: ample for a chart). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
