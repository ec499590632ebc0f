import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { resolveParams } from "@/lib/engine/validation";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { parseJobs } from "@/lib/generation/job-import";
import { formatJobListError, MAX_REPORTED_ERRORS, validateJobList } from "@/lib/generation/job-list";
import { MAX_JOBS } from "@/lib/generation/recipe";
import { deepJson, EDGE_STRINGS, expectReadableMessage, FUZZ_RUNS, hostileText, mutated, Tally } from "../../support/fuzz";
import { engineGenerator, EVERY_KIND, plannedJob, VISIONFIT } from "../../support/fuzz-params";

/**
 * The paste and upload parser of the workflow editor (JSON, Python's printed lists, JSON Lines,
 * batch bodies, CSV) fuzzed with valid job lists written out in every accepted form, and with
 * those texts broken by a few edits. A valid text must come back as exactly its jobs; anything
 * else must come back as row-and-column problems a person can read, never as an exception.
 */

const SPECS: GeneratorSpec[] = [VISIONFIT, EVERY_KIND];
const FUZZ_TIMEOUT_MS = 180_000;
type Job = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Writing a job list out

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of text) {
    if (c === "\\" || c === quote) out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c < " " || c === "\u007f") out += `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return out + quote;
}

function pythonValue(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return pythonString(value);
  return String(value);
}

/** What `print(jobs)` shows in Python, sometimes with the trailing commas Python code often has. */
function pythonPrint(jobs: Job[], trailingCommas: boolean): string {
  const comma = trailingCommas ? "," : "";
  const dicts = jobs.map((job) => `{${Object.entries(job).map(([k, v]) => `${pythonString(k)}: ${pythonValue(v)}`).join(", ")}${Object.keys(job).length > 0 ? comma : ""}}`);
  return `[${dicts.join(",\n ")}${comma}]`;
}

const DELIMITER_LIKE = /[,;\t|"\r\n\u001e\u001f]/;

function csv(jobs: Job[], delimiter: string, newline: string, quoteAll: boolean): string {
  const fields = [...new Set(jobs.flatMap((j) => Object.keys(j)))];
  const data = jobs.map((job) => fields.map((f) => (job[f] === undefined || job[f] === null ? "" : String(job[f]))));
  // Quoted when it could look like a delimiter, so the delimiter guess sees the columns as written.
  return Papa.unparse({ fields, data }, { delimiter, newline, quotes: (value: unknown) => quoteAll || DELIMITER_LIKE.test(String(value)) });
}

type Form = "json" | "json-pretty" | "json-lines" | "python" | "batch-body" | "recipe" | "csv";
const JSON_FORMS: Form[] = ["json", "json-pretty", "json-lines", "python", "batch-body", "recipe"];

function written(spec: GeneratorSpec, jobs: Job[], form: Form, variant: { bom: boolean; crlf: boolean; delimiter: string; trailingCommas: boolean; quoteAll: boolean }): string {
  const newline = variant.crlf ? "\r\n" : "\n";
  let text: string;
  switch (form) {
    case "json":
      text = JSON.stringify(jobs);
      break;
    case "json-pretty":
      text = JSON.stringify(jobs, null, 2).replace(/\n/g, newline);
      break;
    case "json-lines":
      text = jobs.map((j) => JSON.stringify(j)).join(newline) + newline;
      break;
    case "python":
      text = pythonPrint(jobs, variant.trailingCommas);
      break;
    case "batch-body":
      text = JSON.stringify({ name: "pasted", job_runs: jobs.map((j) => ({ name: spec.name, is_preview: true, param_values: j })) });
      break;
    case "recipe":
      text = JSON.stringify({ generator: spec.name, kind: "video", jobs });
      break;
    case "csv":
      text = csv(jobs, variant.delimiter, newline, variant.quoteAll);
      break;
  }
  return (variant.bom ? "\uFEFF" : "") + text;
}

const variantArbitrary = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  delimiter: fc.constantFrom(",", ";", "\t"),
  trailingCommas: fc.boolean(),
  quoteAll: fc.boolean(),
});

/** Valid jobs (null dropped: it is "the default"), as the parser gives them back. */
const cleanJobs = (spec: GeneratorSpec, maxJobs: number) =>
  fc.array(
    plannedJob(spec, false).map((p) => Object.fromEntries(Object.entries(p.values).filter(([, v]) => v !== null))),
    { minLength: 1, maxLength: maxJobs },
  );

/**
 * A CSV cell is text: trimmed, and empty means "the default". Jobs whose cells would all be
 * empty are left out of CSV lists (a blank line is skipped, by design), and free text that
 * holds control characters, or starts with an apostrophe (the mark formula-safe CSV exports put
 * before `=`, `+`, `-`, `@`), is left to the JSON forms.
 */
function csvExpectation(jobs: Job[]): Job[] | null {
  const expected = jobs.map((job) =>
    Object.fromEntries(
      Object.entries(job)
        .map(([k, v]) => [k, typeof v === "string" ? v.trim() : v] as const)
        .filter(([, v]) => v !== ""),
    ),
  );
  const usable = expected.every((job) => Object.keys(job).length > 0) && jobs.every((job) => Object.values(job).every((v) => typeof v !== "string" || !/[\u0000-\u001f\u007f]|^\s*'/.test(v)));
  return usable ? expected : null;
}

// ---------------------------------------------------------------------------------------------
// Broken and hostile texts

/** Texts no parser should trip over, built once: deep nesting, 10,001 rows, one huge cell. */
const EXTREMES: string[] = [
  deepJson(100_000),
  `[${deepJson(50_000, "{\"a\":", "}", "1")}]`,
  `[{"num_reps": ${deepJson(20_000)}}]`,
  `num_reps\n${"1\n".repeat(MAX_JOBS + 1)}`,
  `[${Array.from({ length: MAX_JOBS + 1 }, () => "{}").join(",")}]`,
  `scene,num_reps\n${"GYM_1,99\n".repeat(500)}`,
  `label\n"${"x".repeat(200_000)}`,
  `[{'label': '${"\\u00".repeat(1_000)}'}]`,
  "[" + "'a', ".repeat(5_000) + "]",
  `{"jobs": {"jobs": {"jobs": []}}}`,
];

function brokenText(spec: GeneratorSpec, forms: Form[]): fc.Arbitrary<string> {
  const valid = fc.tuple(cleanJobs(spec, 4), fc.constantFrom(...forms), variantArbitrary).map(([jobs, form, variant]) => written(spec, jobs, form, variant));
  return fc.oneof(
    { weight: 6, arbitrary: valid.chain((text) => mutated(text)) },
    { weight: 1, arbitrary: hostileText(200) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...EXTREMES, ...EDGE_STRINGS) },
  );
}

// ---------------------------------------------------------------------------------------------

function expectWellFormedAnswer(spec: GeneratorSpec, text: string, tally: Tally) {
  const result = parseJobs(spec, text);
  const accepted = result.jobs.length > 0;
  tally.add(accepted ? "accepted" : "refused");
  if (accepted === result.errors.length > 0) expect.fail(`jobs and errors together: ${result.jobs.length} jobs, ${result.errors.length} errors`);
  if (result.errors.length > MAX_REPORTED_ERRORS + 1) expect.fail(`${result.errors.length} errors, more than the cap`);
  for (const error of result.errors) {
    if (error.row !== null && !(Number.isInteger(error.row) && error.row >= 1)) expect.fail(`row ${error.row}`);
    if (error.column !== null && typeof error.column !== "string") expect.fail(`column ${fc.stringify(error.column)}`);
    expectReadableMessage(formatJobListError(error), "paste");
  }
  if (accepted) {
    expect(result.jobs.length).toBeLessThanOrEqual(MAX_JOBS);
    expect(validateJobList(spec, result.jobs).ok).toBe(true);
    for (const job of result.jobs) {
      const engine = resolveParams(engineGenerator(spec), job);
      if (!engine.ok) expect.fail(`the engine refuses pasted job ${fc.stringify(job)}: ${fc.stringify(engine.errors)}`);
    }
  }
}

describe("the job paste parser, fuzzed", () => {
  it(
    `reads every JSON form of a valid list back exactly, and answers broken JSON with readable problems (${FUZZ_RUNS.toLocaleString("en-US")} texts)`,
    () => {
      const tally = new Tally("paste parser, JSON forms");
      const valid = fc.constantFrom(...SPECS).chain((spec) => fc.tuple(fc.constant(spec), cleanJobs(spec, 5), fc.constantFrom(...JSON_FORMS), variantArbitrary));
      const broken = fc.constantFrom(...SPECS).chain((spec) => fc.tuple(fc.constant(spec), brokenText(spec, JSON_FORMS)));
      fc.assert(
        fc.property(fc.oneof({ weight: 1, arbitrary: valid.map((v) => ({ valid: v })) }, { weight: 2, arbitrary: broken.map((b) => ({ broken: b })) }), (input) => {
          if ("valid" in input) {
            const [spec, jobs, form, variant] = input.valid;
            const text = written(spec, jobs, form, variant);
            const result = parseJobs(spec, text);
            tally.add(`valid ${form}`);
            if (result.errors.length > 0) expect.fail(`refused a valid ${form} list: ${result.errors.map(formatJobListError).join("; ")}\n${fc.stringify(text)}`);
            // Numbers survive as JSON writes them (-0 becomes 0).
            expect(result.jobs).toEqual(JSON.parse(JSON.stringify(jobs)));
          } else {
            const [spec, text] = input.broken;
            expectWellFormedAnswer(spec, text, tally);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `reads a valid CSV back exactly with any delimiter, quoting and line ending, and answers broken CSV with readable problems (${FUZZ_RUNS.toLocaleString("en-US")} texts)`,
    () => {
      const tally = new Tally("paste parser, CSV");
      const valid = fc
        .constantFrom(...SPECS)
        .chain((spec) => fc.tuple(fc.constant(spec), cleanJobs(spec, 5), variantArbitrary))
        .filter(([, jobs]) => csvExpectation(jobs) !== null);
      const broken = fc.constantFrom(...SPECS).chain((spec) => fc.tuple(fc.constant(spec), brokenText(spec, ["csv"])));
      fc.assert(
        fc.property(fc.oneof({ weight: 1, arbitrary: valid.map((v) => ({ valid: v })) }, { weight: 2, arbitrary: broken.map((b) => ({ broken: b })) }), (input) => {
          if ("valid" in input) {
            const [spec, jobs, variant] = input.valid;
            const text = written(spec, jobs, "csv", variant);
            const result = parseJobs(spec, text);
            tally.add(`valid csv, delimiter ${JSON.stringify(variant.delimiter)}`);
            if (result.errors.length > 0) expect.fail(`refused a valid CSV: ${result.errors.map(formatJobListError).join("; ")}\n${fc.stringify(text)}`);
            expect(result.jobs).toEqual(JSON.parse(JSON.stringify(csvExpectation(jobs))));
          } else {
            const [spec, text] = input.broken;
            expectWellFormedAnswer(spec, text, tally);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
    },
    FUZZ_TIMEOUT_MS,
  );
});
