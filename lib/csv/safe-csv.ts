/**
 * CSV cells that a spreadsheet opens as data, never as a formula (OWASP "CSV Injection";
 * CWE-1236), for every CSV the portal writes: the audit export, a batch's job parameters, the
 * editor's template. Isomorphic: the browser's template and import use it too.
 *
 * A cell whose text a spreadsheet would evaluate gets a leading apostrophe, which Excel and
 * LibreOffice read as "this is text". "Would evaluate" is decided as OWASP advises, not just by
 * the first character: leading spaces and quotes are skipped first (`  =1+1` and `"=1+1` still
 * run), and a tab, carriage return, line feed or NUL among them counts too. Full-width `＝＋－＠`
 * are included because Excel in East Asian locales turns them into formulas as typed.
 *
 * Numbers are not text: a job parameter of -12.5 stays the number -12.5 in the spreadsheet. The
 * same goes for text that is exactly a plain decimal number ("-3", "1.5e-7"): no formula fits in
 * that grammar, and escaping it would turn a number column into text.
 *
 * Quoting is RFC 4180, and a cell holding a separator any spreadsheet might pick (comma,
 * semicolon, tab, pipe) is quoted as well, so a European Excel splitting on `;` cannot start a
 * new cell mid-value with `=`.
 */

/** Leading whitespace, quotes or NULs, then a character that starts a formula; or a control character among them. */
const FORMULA_START = /^[\s"'\u0000]*[=+\-@\t\r\n\u0000\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A decimal number as a spreadsheet reads one: sign, digits, optional fraction and exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A cell holding any of these is quoted. */
const NEEDS_QUOTES = /[",;\t|\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

/** Whether a spreadsheet would read this text as a formula (or a control sequence in front of one). */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The text with the apostrophe that keeps a spreadsheet from evaluating it, when it needs one. */
export function neutraliseFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/**
 * The reverse of `neutraliseFormula`, for CSV the portal reads back (the job import): a cell
 * that carries our apostrophe in front of formula-like text loses it. Text that merely starts
 * with an apostrophe is left alone, so `restoreFormula(neutraliseFormula(s)) === s` for every s.
 */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text;
}

/** One CSV field: a finite number as it is, anything else as formula-safe text, quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record without its line ending: header names go through `csvCell` like any value. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",");
}
