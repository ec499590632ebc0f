import type { GeneratorSpec, ParamSpec, ParamValues } from "./contract";
import { choicesOf, isStorableText, rangeOf, shownValue, type ParamValue } from "./param-kinds";
import { MAX_JOBS } from "./recipe-schema";

/**
 * An explicit job list (pasted or uploaded jobs) checked against a generator's schema, cell by
 * cell. Shared by the import parser (feedback before the list is used), `validateRecipe` (the
 * browser's live check and the server's re-check on submit) and `sampleJobs` (defaults filled).
 */

/**
 * One problem with a job list. `row` counts jobs from 1 (the first object of a JSON list, the
 * first line after a CSV header), as the editor's First jobs table does; null when the problem
 * is not one row's (an unknown column, an empty list). `column` is a parameter name or null.
 */
export interface JobListError {
  row: number | null;
  column: string | null;
  message: string;
}

/** More problems than this are summed up in one last line: nobody reads 10,000 of them. */
export const MAX_REPORTED_ERRORS = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Row 3, column lighting_power: 2500 is above the maximum 2000". */
export function formatJobListError(e: JobListError): string {
  if (e.row === null) return e.message;
  return e.column === null ? `Row ${e.row}: ${e.message}` : `Row ${e.row}, column ${e.column}: ${e.message}`;
}

export { shownValue };

function listChoices(choices: readonly unknown[]): string {
  const shown = choices.map(String);
  return shown.length <= 12 ? shown.join(", ") : `${shown.slice(0, 12).join(", ")} … (${shown.length} in all)`;
}

/**
 * Why `value` cannot be `param`'s value in a listed job, as a phrase naming the value
 * ("2500 is above the maximum 2000"), or null. The same rules as the engine's own check
 * (lib/engine/validation.ts) and `valueProblem`, in words for a cell of a table.
 */
export function cellProblem(param: ParamSpec, value: unknown): string | null {
  // Called for every cell of up to 10,000 jobs: the value is only formatted when it is wrong.
  const shown = () => shownValue(value);
  switch (param.type) {
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return `${shown()} is not a whole number`;
      break;
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) return `${shown()} is not a number`;
      break;
    case "str":
      if (typeof value !== "string") return `${shown()} is not text`;
      if (!isStorableText(value)) return `${shown()} holds a NUL character or an unpaired surrogate`;
      break;
    case "bool":
      return typeof value === "boolean" ? null : `${shown()} is not true or false`;
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? null : `${shown()} is not a UUID like 3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c`;
  }
  const range = rangeOf(param);
  if (range && (value as number) < range.min) return `${shown()} is below the minimum ${range.min}`;
  if (range && (value as number) > range.max) return `${shown()} is above the maximum ${range.max}`;
  const choices = choicesOf(param);
  if (choices && !choices.includes(value as string | number)) return `${shown()} is not one of ${listChoices(choices)}`;
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** "rows 1–37", "rows 2, 5 and 9", "row 4": where an unknown key appears. */
function rowsWords(rows: number[]): string {
  if (rows.length === 1) return `row ${rows[0]}`;
  const contiguous = rows.every((r, i) => i === 0 || r === rows[i - 1]! + 1);
  if (contiguous) return `rows ${rows[0]}–${rows.at(-1)}`;
  if (rows.length <= 5) return `rows ${rows.slice(0, -1).join(", ")} and ${rows.at(-1)}`;
  return `${rows.length} rows (first: row ${rows[0]})`;
}

/** Keeps the first `MAX_REPORTED_ERRORS` problems and sums up the rest in one line. */
export function capErrors(errors: JobListError[]): JobListError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), { row: null, column: null, message: `… and ${rest.toLocaleString("en-US")} more problem${rest === 1 ? "" : "s"}.` }];
}

export type JobListValidation = { ok: true; jobs: ParamValues[] } | { ok: false; errors: JobListError[] };

/**
 * Checks a list of jobs (any JSON) against the generator's schema. Each job may name only the
 * generator's parameters; a missing key, or null, means "the parameter's default". Unknown keys
 * are reported once per key with the rows they appear in, not once per row. `unknownNoun` is
 * "column" for a CSV and "key" otherwise, so the message uses the user's own word. `cap: false`
 * returns every problem, for a caller that merges them with its own before capping.
 */
export function validateJobList(spec: GeneratorSpec, input: unknown, unknownNoun: "column" | "key" = "key", cap = true): JobListValidation {
  const cached = Array.isArray(input) ? checked.get(input) : undefined;
  if (cached && cached.spec === spec && cached.noun === unknownNoun && cached.cap === cap) return cached.result;
  const result = checkJobList(spec, input, unknownNoun, cap);
  if (Array.isArray(input)) {
    checked.set(input, { spec, noun: unknownNoun, cap, result });
    // The cleaned list is valid as it stands: sampling it right after need not check it again.
    if (result.ok) checked.set(result.jobs, { spec, noun: unknownNoun, cap, result: { ok: true, jobs: result.jobs } });
  }
  return result;
}

/**
 * Lists already checked, by identity. The editor checks the same (up to 10,000-row) list on every
 * keystroke in another field, and `sampleJobs` checks what `validateRecipe` just returned; both
 * are the same array again. Job lists are never changed in place (React state, parsed JSON), so
 * identity is enough; a WeakMap lets them go with their last user.
 */
const checked = new WeakMap<unknown[], { spec: GeneratorSpec; noun: string; cap: boolean; result: JobListValidation }>();

function checkJobList(spec: GeneratorSpec, input: unknown, unknownNoun: "column" | "key", cap: boolean): JobListValidation {
  if (!Array.isArray(input)) return { ok: false, errors: [{ row: null, column: null, message: "The job list must be a list of objects, one per job." }] };
  if (input.length === 0) return { ok: false, errors: [{ row: null, column: null, message: "The job list is empty: give at least one job." }] };
  if (input.length > MAX_JOBS) {
    return {
      ok: false,
      errors: [{ row: null, column: null, message: `A batch holds at most ${MAX_JOBS.toLocaleString("en-US")} jobs; this list has ${input.length.toLocaleString("en-US")}.` }],
    };
  }
  const specs = new Map(spec.params.map((p) => [p.name, p]));
  const unknown = new Map<string, number[]>();
  const errors: JobListError[] = [];
  const jobs: ParamValues[] = [];
  input.forEach((raw, i) => {
    const row = i + 1;
    if (!isObject(raw)) {
      errors.push({ row, column: null, message: `${shownValue(raw)} is not an object of parameter names to values` });
      return;
    }
    const job: ParamValues = {};
    for (const [key, value] of Object.entries(raw)) {
      const param = specs.get(key);
      if (!param) {
        const rows = unknown.get(key);
        if (rows) rows.push(row);
        else unknown.set(key, [row]);
        continue;
      }
      if (value === null || value === undefined) continue;
      const problem = cellProblem(param, value);
      if (problem) errors.push({ row, column: key, message: problem });
      else job[key] = value as ParamValue;
    }
    jobs.push(job);
  });
  const unknownErrors = [...unknown].map(([key, rows]) => ({
    row: null,
    column: key,
    message: `Unknown ${unknownNoun} '${key}' (${rowsWords(rows)}) — not a parameter of ${spec.name}.`,
  }));
  const all = [...unknownErrors, ...errors];
  return all.length > 0 ? { ok: false, errors: cap ? capErrors(all) : all } : { ok: true, jobs };
}
