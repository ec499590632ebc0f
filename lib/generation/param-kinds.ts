import type { ParamSpec, ParamValues } from "./contract";
import type { ChoiceValue } from "./recipe-schema";
import { isStorableText, shortText, shownValue } from "@/lib/untrusted-values";

/** Small views of a parameter's schema shared by validation, sampling and charts. */

export type ParamValue = ParamValues[string];

export function rangeOf(param: ParamSpec): { min: number; max: number } | null {
  return param.options && "min" in param.options ? param.options : null;
}

/** The finite set of values a parameter takes, or null for ranges and free values. */
export function choicesOf(param: ParamSpec): ChoiceValue[] | null {
  if (param.type === "bool") return [false, true];
  return param.options && "choices" in param.options ? param.options.choices : null;
}

/** The render seed: the engine draws one when it is missing, so the portal derives it from the batch seed. */
export function isStateParam(param: ParamSpec): boolean {
  return param.type === "uuid" && param.name === "state";
}

export function isNumeric(param: ParamSpec): boolean {
  return param.type === "int" || param.type === "float";
}

export function formatValue(value: ParamValue | undefined): string {
  if (value === null || value === undefined) return "none";
  return String(value);
}

/** "1–20"; plain hyphen-minus for negatives so messages copy into code and searches. */
export function formatRange(range: { min: number; max: number }): string {
  return `${range.min}–${range.max}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { isStorableText, shortText, shownValue };

/**
 * Why `value` cannot be a value of `param`, as the end of a sentence whose subject the caller
 * supplies ("fixed value 99" + " is outside 1–20"), or null when it fits. Mirrors the engine's
 * own check so a recipe that validates here never yields a job the API refuses.
 */
export function valueProblem(param: ParamSpec, value: unknown): string | null {
  switch (param.type) {
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number";
      break;
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) return "must be a number";
      break;
    case "str":
      if (typeof value !== "string") return "must be text";
      if (!isStorableText(value)) return "must be text without NUL characters or unpaired surrogates";
      break;
    case "bool":
      if (typeof value !== "boolean") return "must be true or false";
      return null;
    case "uuid":
      if (typeof value !== "string" || !UUID.test(value)) return "must be a UUID like 3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
      return null;
  }
  const range = rangeOf(param);
  if (range && ((value as number) < range.min || (value as number) > range.max)) return `is outside ${formatRange(range)}`;
  const choices = choicesOf(param);
  if (choices && !choices.includes(value as ChoiceValue)) return "is not one of the choices";
  return null;
}

/** "SWIM is not one of the choices" reads better without the "fixed value" subject. */
export function describeValueProblem(subject: string, value: unknown, problem: string): string {
  const shown = typeof value === "string" ? shortText(value) : shownValue(value);
  if (problem === "is not one of the choices") return `${shown} ${problem}`;
  if (problem.startsWith("must be")) return `${subject} ${shownValue(value)} ${problem}`;
  return `${subject} ${shown} ${problem}`;
}

/**
 * VisionFit names exercises `CATEGORY[_NN][-SIDE]`: LUNGE-LEFT and LUNGE_02-RIGHT are LUNGE,
 * JUMPING_JACKS is itself (no digits after the underscore).
 */
export function categoryOf(name: string): string {
  return name.replace(/-[A-Za-z]+$/, "").replace(/_\d+$/, "");
}

export function choicesInCategory(param: ParamSpec, category: string): ChoiceValue[] {
  return (choicesOf(param) ?? []).filter((c) => typeof c === "string" && categoryOf(c) === category);
}
