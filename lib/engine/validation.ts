import { randomUUID } from "node:crypto";
import type { ParamSpec, ParamValues } from "./generators/types";
import type { Generator } from "./generators/registry";
import { isStorableText, shownValue as shown } from "@/lib/untrusted-values";

export type JobErrors = Record<string, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkValue(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return `must be an integer, got ${shown(value)}`;
      break;
    case "float":
      // An int is accepted for a float, as the contract says.
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number, got ${shown(value)}`;
      break;
    case "str":
      if (typeof value !== "string") return `must be a string, got ${shown(value)}`;
      if (!isStorableText(value)) return "must be text without NUL characters or unpaired surrogates (broken UTF-16)";
      break;
    case "bool":
      if (typeof value !== "boolean") return `must be true or false, got ${shown(value)}`;
      break;
    case "uuid":
      if (value === null) return null;
      if (typeof value !== "string" || !UUID.test(value)) return `must be a UUID like 3f2b…-…, got ${shown(value)}`;
      return null;
  }
  const options = spec.options;
  if (options && "min" in options) {
    const n = value as number;
    if (n < options.min || n > options.max) return `must be between ${options.min} and ${options.max}, got ${n}`;
  } else if (options && "choices" in options) {
    if (!options.choices.includes(value as string | number)) {
      return `must be one of ${options.choices.join(", ")}; got ${shown(value)}`;
    }
  }
  return null;
}

export type ResolveResult = { ok: true; params: ParamValues } | { ok: false; errors: JobErrors };

/**
 * Checks one job's `param_values` against the generator's schema and fills in defaults and
 * the `state` seed. Errors are per parameter, in words a person can act on.
 */
export function resolveParams(generator: Generator, input: unknown, drawState: () => string = randomUUID): ResolveResult {
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) return { ok: false, errors: { param_values: "must be an object of parameter names to values" } };
  const values = input as Record<string, unknown>;
  const specs = new Map(generator.spec.params.map((p) => [p.name, p]));
  // Collected as pairs: `errors.__proto__ = …` on a plain object would set nothing, and a job
  // whose only unknown key is `__proto__` (an own key after JSON.parse) would pass.
  const errors: [string, string][] = [];
  for (const key of Object.keys(values)) {
    if (!specs.has(key)) errors.push([key, `is not a parameter of ${generator.spec.name}`]);
  }
  const params: ParamValues = {};
  for (const spec of generator.spec.params) {
    const value = key(values, spec.name) ? values[spec.name] : spec.default_value;
    const problem = checkValue(spec, value);
    if (problem) errors.push([spec.name, problem]);
    else params[spec.name] = value as ParamValues[string];
  }
  if (errors.length > 0) return { ok: false, errors: Object.fromEntries(errors) };
  if (params.state === null || params.state === undefined) params.state = drawState();
  else params.state = String(params.state).toLowerCase();
  return { ok: true, params };
}

function key(values: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, name) && values[name] !== undefined;
}
