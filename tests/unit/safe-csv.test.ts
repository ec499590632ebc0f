import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, isFormulaLike, neutraliseFormula, restoreFormula } from "@/lib/csv/safe-csv";

const RUNS = 10_000;

/** What a spreadsheet would evaluate: after any spaces and quotes, a formula character or a control character. */
const EVALUATED = /^[\s"']*[=+\-@\t\r\n\u0000＝＋－＠]/;

/** Text made of the characters that matter here, mixed with ordinary ones, so the interesting cases are common. */
const trickyText = fc
  .array(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\u0000", " ", '"', "'", ",", ";", "|", "1", ".", "e", "A", "(", ")", "＝", "é"), { maxLength: 12 })
  .map((chars) => chars.join(""));
const anyText = fc.oneof(trickyText, fc.string({ unit: "binary", maxLength: 40 }));

describe("formula-safe CSV cells (OWASP CSV injection)", () => {
  it("puts an apostrophe before every formula start OWASP lists, also after leading spaces and quotes", () => {
    for (const text of ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "\nx", " =1+1", '"=1+1', "'=1+1", "  \"' @x", "＝1+1", "=HYPERLINK(\"http://x\")"]) {
      expect(isFormulaLike(text), JSON.stringify(text)).toBe(true);
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    }
    for (const text of ["plain", "a=b", "x-1", " plain", "'quoted'", "", "BEDROOM_2", "1.5", "-3", "+7", "-1.25e-7", ".5"]) {
      expect(isFormulaLike(text), JSON.stringify(text)).toBe(false);
      expect(neutraliseFormula(text)).toBe(text);
    }
  });

  it("keeps numbers as numbers: -12.5 is written bare, and so is text that is exactly a number", () => {
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(1e-7)).toBe("1e-7");
    expect(csvCell("-12.5")).toBe("-12.5");
    // Not a number: escaped, so a spreadsheet cannot compute it.
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("-12.5 ")).toBe("'-12.5 ");
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe("'-Infinity");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes separators any spreadsheet might split on, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell('a,b "c"\nd')).toBe('"a,b ""c""\nd"');
    expect(csvCell("a;=1+1")).toBe('"a;=1+1"');
    expect(csvCell("a|b")).toBe('"a|b"');
    expect(csvCell("a\tb")).toBe('"a\tb"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvRow(["=x", 1, null, "a,b"])).toBe(`'=x,1,,"a,b"`);
  });

  it(`never leaves a cell a spreadsheet would evaluate, whatever the text (${RUNS.toLocaleString("en")} inputs)`, () => {
    let escaped = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        const [cell] = Papa.parse<string[]>(csvCell(text), { delimiter: ",", newline: "\r\n" }).data[0] ?? [""];
        const value = cell ?? "";
        if (value !== text) escaped++;
        // What a spreadsheet reads back is either the text itself, harmless, or our apostrophe in front of it.
        if (value === text) expect(EVALUATED.test(text) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)).toBe(false);
        else expect(value).toBe(`'${text}`);
      }),
      { numRuns: RUNS },
    );
    console.log(`safe-csv: ${RUNS} texts checked, ${escaped} of them escaped`);
    expect(escaped).toBeGreaterThan(RUNS / 10);
  });

  it(`reads back exactly: restoreFormula undoes neutraliseFormula and nothing else (${RUNS.toLocaleString("en")} inputs)`, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(restoreFormula(neutraliseFormula(text))).toBe(text);
        // Text without a leading apostrophe is never changed by the reader.
        if (!text.startsWith("'")) expect(restoreFormula(text)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps every finite number as the number it is (${RUNS.toLocaleString("en")} inputs)`, () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const cell = csvCell(value);
        expect(cell.startsWith("'")).toBe(false);
        expect(Number(cell)).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: RUNS },
    );
  });
});
