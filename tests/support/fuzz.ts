import fc from "fast-check";
import { expect } from "vitest";

/**
 * Shared pieces of the property-based fuzzers (tests/unit/fuzz, tests/integration/fuzz-*):
 * hostile text, near-valid mutations of a valid input, a check that a refusal is a message a
 * person can read, and a tally printed at the end so the figures can be quoted.
 *
 * The arbitraries lean towards edges on purpose: random noise alone almost never gets past the
 * first parser, while a valid input with one character changed reaches the code behind it.
 */

/** Inputs at least one parser somewhere has choked on: control and surrogate code units, escapes, traversal, prototype keys, numbers JSON cannot hold. */
export const EDGE_STRINGS: readonly string[] = [
  "",
  " ",
  "\t",
  "\r\n",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDC00x",
  "\uFEFF",
  "\u202E",
  "\u00A0",
  "\u2028",
  "é",
  "e\u0301",
  "👩‍👩‍👧",
  "../../etc/passwd",
  "..",
  "%2e%2e%2f",
  "%00",
  "%",
  "%E0%A4%A",
  "%ZZ",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "' OR 1=1 --",
  "'; drop table users; --",
  "${process.exit()}",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://x\")",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-0",
  "0x10",
  "1_000",
  "null",
  "true",
  "undefined",
  "[]",
  "{}",
  "\"",
  "'",
  "\\",
  "\\u0000",
  "\\ud800",
];

/** Any UTF-16 code unit, lone surrogates included: what a JavaScript string can really hold. */
export const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Characters that delimit, quote, escape or end something in JSON, CSV, URLs or HTTP. */
export const DELIMITERS: readonly string[] = [",", ";", "\t", "\n", "\r", '"', "'", "\\", "{", "}", "[", "]", ":", "/", "?", "#", "%", "&", "=", " ", "\u0000", "\uFEFF", "\uD800"];

/** Short hostile text: known edge strings, arbitrary code units, printable noise. */
export function hostileText(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength, unit: codeUnit }) },
    { weight: 2, arbitrary: fc.string({ maxLength, unit: "grapheme" }) },
    { weight: 1, arbitrary: fc.string({ maxLength, unit: fc.constantFrom(...DELIMITERS) }) },
  );
}

type Edit =
  | { kind: "delete" | "duplicate-char" | "swap-case" | "percent-encode"; at: number }
  | { kind: "insert" | "replace"; at: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "wrap"; before: string; after: string }
  | { kind: "repeat"; times: number };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate-char" as const, "swap-case" as const, "percent-encode" as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom("insert" as const, "replace" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...DELIMITERS), codeUnit, fc.constantFrom(...EDGE_STRINGS)) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("wrap" as const), before: fc.constantFrom("", " ", "\uFEFF", "\n", "\t", "%20"), after: fc.constantFrom("", " ", "\n", "\u0000", "/", "=") }),
  fc.record({ kind: fc.constant("repeat" as const), times: fc.integer({ min: 2, max: 3 }) }),
);

function applyEdit(text: string, edit: Edit): string {
  if (edit.kind === "wrap") return edit.before + text + edit.after;
  if (edit.kind === "repeat") return text.repeat(edit.times);
  const at = text.length === 0 ? 0 : edit.at % (edit.kind === "insert" ? text.length + 1 : text.length);
  const char = text[at] ?? "";
  switch (edit.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + 1);
    case "duplicate-char":
      return text.slice(0, at) + char + text.slice(at);
    case "swap-case": {
      const swapped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
      return text.slice(0, at) + swapped + text.slice(at + 1);
    }
    case "percent-encode":
      // Byte by byte, as a client would send it (a lone surrogate goes out as U+FFFD's bytes).
      return text.slice(0, at) + [...Buffer.from(char, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("") + text.slice(at + 1);
    case "insert":
      return text.slice(0, at) + edit.text + text.slice(at);
    case "replace":
      return text.slice(0, at) + edit.text + text.slice(at + 1);
    case "truncate":
      return text.slice(0, at);
  }
}

/** `base` with one to three small edits: the near-misses that reach past a first check. */
export function mutated(base: string, maxEdits = 3): fc.Arbitrary<string> {
  return fc.array(editArbitrary, { minLength: 1, maxLength: maxEdits }).map((edits) => edits.reduce(applyEdit, base));
}

/** `[[[…]]]` nested `depth` deep, as JSON text: built once, a parser's recursion is what it tests. */
export function deepJson(depth: number, open = "[", close = "]", inner = ""): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/**
 * A value nested `depth` arrays deep, built without recursion. JSON.stringify gives up on it
 * (a RangeError near 5,000 levels); fast-check is told how to print it in a counterexample.
 */
export function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  Object.defineProperty(value, fc.toStringMethod, { value: () => `deepValue(${depth})` });
  return value;
}

/** Text that means our internals leaked into an answer: a stack frame, a query, a file path. */
const LEAKS = [/\n\s+at /, /\bat [\w$.<>]+ \(/, /Failed query/i, /DrizzleQueryError|PGlite|node-postgres/, /node_modules/, /\.(ts|js|mjs):\d+/, /\bselect\b[^]*\bfrom\s+"/i];

/** Longest refusal message we accept; values a person sent are shown shortened inside it. */
export const MAX_MESSAGE_LENGTH = 1_000;

/** What is wrong with a refusal message, or null: it must be a non-empty sentence of bounded length, without stack traces or SQL. */
export function messageProblem(message: unknown): string | null {
  if (typeof message !== "string") return `not a string: ${typeof message}`;
  if (message.trim() === "") return "empty";
  if (!/\p{L}{2,}/u.test(message)) return `no words: ${message}`;
  if (message.length > MAX_MESSAGE_LENGTH) return `${message.length} characters long: ${message.slice(0, 200)}…`;
  const leak = LEAKS.find((pattern) => pattern.test(message));
  return leak ? `leaks internals (${leak}): ${message.slice(0, 300)}` : null;
}

/** Fails the property when `message` is no readable refusal (checked without `expect`: this runs for every message of every input). */
export function expectReadableMessage(message: unknown, context = ""): void {
  const problem = messageProblem(message);
  if (problem) expect.fail(`refusal message ${context}: ${problem}`);
}

/**
 * Counts of what a fuzzer produced, by label ("200", "refused: 404", "accepted" …), printed as
 * one line so a run's figures can be quoted.
 */
export class Tally {
  private readonly counts = new Map<string, number>();
  total = 0;

  constructor(readonly target: string) {}

  add(label: string): void {
    this.total++;
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  line(): string {
    const parts = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([label, n]) => `${label} ${n.toLocaleString("en-US")}`);
    return `[fuzz] ${this.target}: ${this.total.toLocaleString("en-US")} inputs (${parts.join(", ")})`;
  }

  print(): void {
    console.log(this.line());
  }
}

/** At least this many inputs per fuzzed target (the bar). */
export const FUZZ_RUNS = 10_000;
