import Papa from "papaparse";
import { csvRow, restoreFormula } from "@/lib/csv/safe-csv";
import type { GeneratorSpec, ParamSpec, ParamValues } from "./contract";
import { capErrors, shownValue, validateJobList, type JobListError } from "./job-list";
import { MAX_JOBS } from "./recipe-schema";

/**
 * Reads job parameters that a person pastes or uploads into the workflow editor: JSON (a list
 * of objects, also as Python prints one) or CSV (a header row of parameter names). Pure, so the
 * browser gives feedback at once; the server checks the resulting list again on submit.
 *
 * Every problem comes back with its row (jobs counted from 1) and column, so the editor can
 * show "Row 3, column lighting_power: 2500 is above the maximum 2000".
 */

export type { JobListError as JobImportError } from "./job-list";

export interface JobImport {
  /** The jobs as given (only the keys present; a missing key takes the default). Empty when there are errors. */
  jobs: ParamValues[];
  errors: JobListError[];
}

export type JobFormat = "json" | "csv";

const whole = (message: string): JobImport => ({ jobs: [], errors: [{ row: null, column: null, message }] });

function finish(spec: GeneratorSpec, rows: unknown[], noun: "column" | "key", earlier: JobListError[] = []): JobImport {
  const checked = validateJobList(spec, rows, noun, earlier.length === 0);
  if (earlier.length > 0) {
    // Problems of the whole input (header, unknown columns) first, then row by row.
    const all = [...earlier, ...(checked.ok ? [] : checked.errors)].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return { jobs: [], errors: capErrors(all) };
  }
  return checked.ok ? { jobs: checked.jobs, errors: [] } : { jobs: [], errors: checked.errors };
}

/** JSON when the text starts like JSON (`[` or `{`), else CSV. */
export function detectFormat(text: string): JobFormat {
  return /^[\s\uFEFF]*[[{]/.test(text) ? "json" : "csv";
}

/** Reads either format, by `format` or else by the text's first character. */
export function parseJobs(spec: GeneratorSpec, text: string, format: JobFormat = detectFormat(text)): JobImport {
  return format === "json" ? parseJobsJson(spec, text) : parseJobsCsv(spec, text);
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * Python's `print` of a list of dicts into JSON: single-quoted strings, True/False/None, and
 * trailing commas. Strings are re-encoded whole, so a quote or word inside one is left alone.
 * Line breaks are kept where they were, so an error's line number still points at the input.
 */
export function pythonToJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let value = "";
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === "\n") break; // an unclosed string: let JSON.parse report it on this line
        if (text[j] !== "\\") {
          value += text[j];
          continue;
        }
        const next = text[++j];
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
        if (next === "u" || next === "x") {
          const len = next === "u" ? 4 : 2;
          value += String.fromCharCode(parseInt(text.slice(j + 1, j + 1 + len), 16));
          j += len;
        } else value += next !== undefined && next in simple ? simple[next] : `\\${next ?? ""}`;
      }
      if (text[j] !== c) return out + text.slice(i); // unclosed: hand the rest over unchanged
      out += JSON.stringify(value);
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))![0];
      out += word === "True" ? "true" : word === "False" ? "false" : word === "None" ? "null" : word;
      i += word.length;
    } else if (c === ",") {
      // A trailing comma before ] or } (Python allows it, JSON does not).
      const rest = /^,(\s*)([\]}])/.exec(text.slice(i, i + 256));
      out += rest ? rest[1] : ",";
      i += rest ? 1 + rest[1]!.length : 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** "near line 3, column 14: Expected ',' or '}'…", from V8's "… at position 57 (…)" message. */
function jsonProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/^JSON\.parse: /, "");
  if (!position) return `The JSON could not be read: ${reason}.`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `The JSON could not be read near line ${line}, column ${column}: ${reason}.`;
}

function parseLoose(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (strictError) {
    const converted = pythonToJson(text);
    if (converted === text) return { ok: false, problem: jsonProblem(strictError, text) };
    try {
      return { ok: true, value: JSON.parse(converted) };
    } catch (error) {
      return { ok: false, problem: jsonProblem(error, converted) };
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A Generation API job run (`{"name", "is_preview", "param_values"}`): its parameters are inside. */
function isJobRun(v: unknown): v is { param_values: Record<string, unknown> } {
  return isObject(v) && isObject(v.param_values) && Object.keys(v).every((k) => k === "param_values" || k === "name" || k === "is_preview" || k === "id");
}

/** The rows of whatever shape the JSON has: a list of jobs, one job, a batch body or a recipe. */
function rowsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.length > 0 && value.every(isJobRun) ? value.map((r) => r.param_values) : value;
  if (!isObject(value)) return null;
  if (Array.isArray(value.job_runs)) return rowsOf(value.job_runs);
  if (Array.isArray(value.jobs)) return rowsOf(value.jobs);
  return [value];
}

/**
 * A JSON list of objects, one per job. Also accepted: Python's printed form (single quotes,
 * True/False/None, trailing commas), one object per line (JSON Lines), a single object (one
 * job), and a Generation API batch body (`{"job_runs": [{"param_values": {...}}]}`).
 * Values are taken as typed: "3" is text, not a number.
 */
export function parseJobsJson(spec: GeneratorSpec, input: string): JobImport {
  const text = input.replace(/^\uFEFF/, "");
  if (text.trim() === "") return whole("Paste a JSON list of jobs, or choose a file.");
  let parsed = parseLoose(text);
  if (!parsed.ok && /^\s*\{/.test(text)) {
    // JSON Lines: one object per line.
    const lines = text.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim() !== "");
    const rows: unknown[] = [];
    const errors: JobListError[] = [];
    for (const { line, number } of lines) {
      const one = parseLoose(line);
      if (one.ok) rows.push(one.value);
      else errors.push({ row: rows.length + errors.length + 1, column: null, message: one.problem.replace("near line 1,", `on line ${number},`) });
    }
    if (lines.length > 1 && errors.length < lines.length) {
      if (errors.length > 0) return { jobs: [], errors: capErrors(errors) };
      parsed = { ok: true, value: rows };
    }
  }
  if (!parsed.ok) return whole(parsed.problem);
  const rows = rowsOf(parsed.value);
  if (!rows) return whole(`Expected a list of objects, one per job; got ${shownValue(parsed.value)}.`);
  return finish(spec, rows, "key");
}

// ---------------------------------------------------------------------------------------------
// CSV

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(["true", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "no", "0"]);

/**
 * A CSV cell as the parameter's type: a number for int and float, true/false for bool
 * (also True/FALSE, yes/no, 1/0), text as it is. An empty cell is "no value" (the default).
 */
export function coerceCell(param: ParamSpec, raw: string): { value: unknown } | { problem: string } | null {
  // Our own exports put an apostrophe before formula-like text (lib/csv/safe-csv.ts): it is not part of the value.
  const cell = restoreFormula(raw.trim());
  if (cell === "") return null;
  switch (param.type) {
    case "int":
    case "float": {
      if (!NUMBER.test(cell)) return { problem: `${shownValue(cell)} is not ${param.type === "int" ? "a whole number" : "a number"}` };
      return { value: Number(cell) };
    }
    case "bool": {
      const word = cell.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { problem: `${shownValue(cell)} is not true or false` };
    }
    default:
      return { value: cell };
  }
}

/**
 * A CSV whose first row names the parameters, one job per following row; the delimiter (comma,
 * semicolon, tab) is detected. Cells are converted with the parameter types of the generator's
 * schema; an empty cell, like a missing column, takes the parameter's default.
 */
export function parseJobsCsv(spec: GeneratorSpec, input: string): JobImport {
  const text = input.replace(/^\uFEFF/, "");
  if (text.trim() === "") return whole("Paste a CSV with a header row of parameter names, or choose a file.");
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: "greedy" });
  const [header, ...lines] = parsed.data;
  if (!header) return whole("The CSV has no header row.");
  if (lines.length === 0) return whole("The CSV has a header row but no jobs below it.");
  if (lines.length > MAX_JOBS) return whole(`A batch holds at most ${MAX_JOBS.toLocaleString("en-US")} jobs; this CSV has ${lines.length.toLocaleString("en-US")} rows.`);

  const names = header.map((h) => restoreFormula(h.trim()));
  const specs = new Map(spec.params.map((p) => [p.name, p]));
  const errors: JobListError[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "") errors.push({ row: null, column: null, message: `Column ${i + 1} of the header row has no name.` });
    else if (seen.has(name)) errors.push({ row: null, column: name, message: `Column '${name}' appears twice in the header row.` });
    seen.add(name);
  });
  // Quoting problems (an unclosed quote …); a lone column gives "cannot detect delimiter", which is fine.
  for (const e of parsed.errors) {
    if (e.code === "UndetectableDelimiter") continue;
    // Papa counts rows from 0, the header: its row 1 is our first job, and its row 0 is no job at all.
    if (e.row === undefined || e.row < 1) errors.push({ row: null, column: null, message: `The header row: ${e.message}.` });
    else errors.push({ row: e.row, column: null, message: e.message });
  }

  const rows = lines.map((cells, i) => {
    const row = i + 1;
    if (cells.length !== names.length) {
      errors.push({ row, column: null, message: `has ${cells.length} cell${cells.length === 1 ? "" : "s"} but the header row has ${names.length} columns` });
    }
    const job: Record<string, unknown> = {};
    names.forEach((name, c) => {
      const param = specs.get(name);
      const raw = cells[c] ?? "";
      // Unknown columns are kept (as text) so the list check reports them once, with their rows.
      if (!param) {
        if (name !== "") job[name] = raw;
        return;
      }
      const coerced = coerceCell(param, raw);
      if (coerced === null) return;
      if ("problem" in coerced) errors.push({ row, column: name, message: coerced.problem });
      else job[name] = coerced.value;
    });
    return job;
  });
  return finish(spec, rows, "column", errors);
}

/**
 * A CSV header of every parameter and one row of defaults: a starting point to fill in. Names and
 * defaults come from the generator's schema (a remote upstream's too), so they are formula-safe
 * like every CSV the portal writes; the import reads the escaped cells back as they were.
 */
export function csvTemplate(spec: GeneratorSpec): string {
  const params = spec.params.filter((p) => p.name !== "state");
  return `${csvRow(params.map((p) => p.name))}\r\n${csvRow(params.map((p) => p.default_value))}`;
}
