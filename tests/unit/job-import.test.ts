import { describe, expect, it } from "vitest";
import { generatorSpecSchema } from "@/lib/generation/contract";
import { coerceCell, csvTemplate, detectFormat, parseJobs, parseJobsCsv, parseJobsJson, pythonToJson } from "@/lib/generation/job-import";
import { formatJobListError, MAX_REPORTED_ERRORS } from "@/lib/generation/job-list";
import { VISIONFIT_NAME, VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);
const param = (name: string) => spec.params.find((p) => p.name === name)!;
const messages = (result: { errors: Parameters<typeof formatJobListError>[0][] }) => result.errors.map(formatJobListError);

describe("JSON job lists", () => {
  it("reads a list of objects as typed jobs, keeping only the keys given", () => {
    const result = parseJobsJson(spec, '[{"scene": "GYM_1", "num_reps": 3, "lighting_power": 120.5, "add_pauses": true}, {"exercise": "SQUAT"}]');
    expect(result).toEqual({ jobs: [{ scene: "GYM_1", num_reps: 3, lighting_power: 120.5, add_pauses: true }, { exercise: "SQUAT" }], errors: [] });
  });

  it("reads what Python prints for a list of dicts: single quotes, True/False/None, trailing commas", () => {
    const printed = `[{'scene': 'GYM_1', 'add_pauses': True, 'hide_shoes': False, 'state': None, 'exercise': "LUNGE-LEFT",},
 {'scene': 'OFFICE_1', 'num_reps': 4},
]`;
    const result = parseJobsJson(spec, printed);
    expect(result.errors).toEqual([]);
    expect(result.jobs).toEqual([{ scene: "GYM_1", add_pauses: true, hide_shoes: false, exercise: "LUNGE-LEFT" }, { scene: "OFFICE_1", num_reps: 4 }]);
  });

  it("leaves quotes and words inside strings alone when converting Python", () => {
    expect(JSON.parse(pythonToJson(`{'a': "it's True", 'b': 'say "None"', 'c': 'tab\\there'}`))).toEqual({ a: "it's True", b: 'say "None"', c: "tab\there" });
  });

  it("also reads JSON Lines, a single object, a Generation API batch body and a saved recipe", () => {
    expect(parseJobsJson(spec, '{"num_reps": 2}\n{"num_reps": 3}\n').jobs).toEqual([{ num_reps: 2 }, { num_reps: 3 }]);
    expect(parseJobsJson(spec, '{"num_reps": 5}').jobs).toEqual([{ num_reps: 5 }]);
    const body = { name: "b", job_runs: [{ name: VISIONFIT_NAME, is_preview: true, param_values: { scene: "GYM_1" } }] };
    expect(parseJobsJson(spec, JSON.stringify(body)).jobs).toEqual([{ scene: "GYM_1" }]);
    expect(parseJobsJson(spec, JSON.stringify({ generator: VISIONFIT_NAME, jobs: [{ outfit: -1 }] })).jobs).toEqual([{ outfit: -1 }]);
  });

  it("treats null like a missing key: the parameter's default", () => {
    expect(parseJobsJson(spec, '[{"scene": null, "num_reps": 2}]').jobs).toEqual([{ num_reps: 2 }]);
  });

  it("reports unknown keys once with their rows, and bad values by row and column", () => {
    const result = parseJobsJson(
      spec,
      JSON.stringify([{ num_reps: 3 }, { colour: "red", num_reps: 2.5 }, { colour: "blue", lighting_power: 2500 }, { scene: "GARDEN", num_reps: "3" }]),
    );
    expect(result.jobs).toEqual([]);
    expect(messages(result)).toEqual([
      `Unknown key 'colour' (rows 2–3) — not a parameter of ${VISIONFIT_NAME}.`,
      "Row 2, column num_reps: 2.5 is not a whole number",
      "Row 3, column lighting_power: 2500 is above the maximum 2000",
      "Row 4, column scene: \"GARDEN\" is not one of BEDROOM_2, BEDROOM_4, BEDROOM_5, BEDROOM_6, GYM_1, LIVINGROOM_1, LIVINGROOM_2, OFFICE_1",
      'Row 4, column num_reps: "3" is not a whole number',
    ]);
    expect(result.errors[1]).toEqual({ row: 2, column: "num_reps", message: "2.5 is not a whole number" });
  });

  it("says where broken JSON breaks, by line and column", () => {
    const result = parseJobsJson(spec, '[\n  {"num_reps": 3},\n  {"num_reps" 4}\n]');
    expect(result.jobs).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.row).toBeNull();
    expect(result.errors[0]!.message).toMatch(/^The JSON could not be read near line 3, column 15: Expected ':' after property name\.$/);
  });

  it("refuses shapes that are not jobs, an empty list and more than 10,000 jobs", () => {
    expect(messages(parseJobsJson(spec, "[1, 2]"))).toEqual(["Row 1: 1 is not an object of parameter names to values", "Row 2: 2 is not an object of parameter names to values"]);
    expect(messages(parseJobsJson(spec, "[]"))).toEqual(["The job list is empty: give at least one job."]);
    expect(messages(parseJobsJson(spec, "   "))).toEqual(["Paste a JSON list of jobs, or choose a file."]);
    const tooMany = JSON.stringify(Array.from({ length: 10_001 }, () => ({ num_reps: 1 })));
    expect(messages(parseJobsJson(spec, tooMany))).toEqual(["A batch holds at most 10,000 jobs; this list has 10,001."]);
    expect(parseJobsJson(spec, JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ num_reps: (i % 20) + 1 })))).jobs).toHaveLength(10_000);
  });

  it("lists at most 100 problems and sums up the rest", () => {
    const result = parseJobsJson(spec, JSON.stringify(Array.from({ length: 250 }, () => ({ num_reps: 99 }))));
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(result.errors.at(-1)).toEqual({ row: null, column: null, message: "… and 150 more problems." });
  });
});

describe("CSV job lists", () => {
  it("converts cells with the parameter types of the schema; empty cells take the default", () => {
    const csv = "scene,num_reps,lighting_power,add_pauses,hide_shoes,state\nGYM_1,3,120.5,TRUE,no,3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C\nOFFICE_1,,1e3,False,1,\n";
    const result = parseJobsCsv(spec, csv);
    expect(result.errors).toEqual([]);
    expect(result.jobs).toEqual([
      { scene: "GYM_1", num_reps: 3, lighting_power: 120.5, add_pauses: true, hide_shoes: false, state: "3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C" },
      { scene: "OFFICE_1", lighting_power: 1000, add_pauses: false, hide_shoes: true },
    ]);
  });

  it("handles a byte-order mark, spaces around names, quoted cells, semicolons and CRLF", () => {
    expect(parseJobsCsv(spec, '\uFEFF scene ; exercise \r\n"GYM_1";" SQUAT"\r\n').jobs).toEqual([{ scene: "GYM_1", exercise: "SQUAT" }]);
  });

  it("reads a single column", () => {
    expect(parseJobsCsv(spec, "num_reps\n1\n2\n3").jobs).toEqual([{ num_reps: 1 }, { num_reps: 2 }, { num_reps: 3 }]);
  });

  it("reports an unknown column once, and each bad cell by row and column", () => {
    const csv = "num_reps,foo,lighting_power,add_pauses\n3,x,100,true\nthree,y,-5,maybe\n2.5,z,50,false\n";
    const result = parseJobsCsv(spec, csv);
    expect(result.jobs).toEqual([]);
    expect(messages(result)).toEqual([
      `Unknown column 'foo' (rows 1–3) — not a parameter of ${VISIONFIT_NAME}.`,
      'Row 2, column num_reps: "three" is not a whole number',
      'Row 2, column add_pauses: "maybe" is not true or false',
      "Row 2, column lighting_power: -5 is below the minimum 0",
      "Row 3, column num_reps: 2.5 is not a whole number",
    ]);
  });

  it("refuses a repeated or unnamed header column, ragged rows and a header with no rows", () => {
    expect(messages(parseJobsCsv(spec, "num_reps,num_reps\n1,2\n"))).toEqual(["Column 'num_reps' appears twice in the header row."]);
    expect(messages(parseJobsCsv(spec, "num_reps,,scene\n1,,GYM_1\n"))).toEqual(["Column 2 of the header row has no name."]);
    expect(messages(parseJobsCsv(spec, "num_reps,scene\n1\n2,GYM_1,x\n"))).toEqual([
      "Row 1: has 1 cell but the header row has 2 columns",
      "Row 2: has 3 cells but the header row has 2 columns",
    ]);
    expect(messages(parseJobsCsv(spec, "num_reps,scene\n"))).toEqual(["The CSV has a header row but no jobs below it."]);
    const tooMany = `num_reps\n${"1\n".repeat(10_001)}`;
    expect(messages(parseJobsCsv(spec, tooMany))).toEqual(["A batch holds at most 10,000 jobs; this CSV has 10,001 rows."]);
  });

  it("coerces numbers strictly: no hex, no words, no thousands separators", () => {
    expect(coerceCell(param("num_reps"), "0x10")).toEqual({ problem: '"0x10" is not a whole number' });
    expect(coerceCell(param("lighting_power"), "1,000")).toEqual({ problem: '"1,000" is not a number' });
    expect(coerceCell(param("lighting_power"), " -.5 ")).toEqual({ value: -0.5 });
    expect(coerceCell(param("frame_rate"), "30")).toEqual({ value: 30 });
    expect(coerceCell(param("scene"), "  ")).toBeNull();
  });

  it("offers a template that reads back as one job of defaults", () => {
    const template = csvTemplate(spec);
    expect(template.split("\n")[0]).toContain("scene,exercise,gender,num_reps");
    expect(template).not.toContain("state");
    const result = parseJobsCsv(spec, template);
    expect(result.errors).toEqual([]);
    expect(result.jobs[0]).toMatchObject({ scene: "BEDROOM_2", num_reps: 1, lighting_power: 100, add_pauses: false });
  });
});

describe("choosing the format", () => {
  it("takes text that starts with [ or { as JSON and anything else as CSV", () => {
    expect(detectFormat('  [{"a": 1}]')).toBe("json");
    expect(detectFormat("\uFEFF{}")).toBe("json");
    expect(detectFormat("scene,num_reps\nGYM_1,2")).toBe("csv");
    expect(parseJobs(spec, "num_reps\n4").jobs).toEqual([{ num_reps: 4 }]);
    expect(parseJobs(spec, "[{'num_reps': 4}]").jobs).toEqual([{ num_reps: 4 }]);
  });
});
