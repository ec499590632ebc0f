import { describe, expect, it } from "vitest";
import { resolveParams } from "@/lib/engine/validation";
import { generatorSpecSchema } from "@/lib/generation/contract";
import { parseJobs, parseJobsJson } from "@/lib/generation/job-import";
import { validateJobList } from "@/lib/generation/job-list";
import { validateRecipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { shownValue } from "@/lib/untrusted-values";
import { deepJson, deepValue, MAX_MESSAGE_LENGTH } from "../../support/fuzz";
import { engineGenerator, VISIONFIT } from "../../support/fuzz-params";

/**
 * One example per bug the unit fuzzers found (tests/unit/fuzz), kept as plain tests so each
 * stays fixed even when a fuzz run happens not to draw it again.
 */

const TEXT_SPEC = generatorSpecSchema.parse({
  name: "text-v1",
  params: [
    { name: "label", type: "str", default_value: "", options: null },
    { name: "tiny", type: "float", default_value: 0.00005, options: { min: 0.00005, max: 0.00009 } },
  ],
});
const recipe = (extra: Record<string, unknown>) => ({ generator: VISIONFIT.name, kind: "video", jobCount: 1, seed: 1, name: "batch", ...extra });

describe("job parameters: bugs found by fuzzing", () => {
  it("the engine refuses a parameter named __proto__ (an own key after JSON.parse) instead of dropping it", () => {
    const result = resolveParams(engineGenerator(VISIONFIT), JSON.parse('{"__proto__": 1}'));
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(["__proto__"]);
  });

  it("the portal refuses a distribution for __proto__ instead of dropping it", () => {
    const validation = validateRecipe(VISIONFIT, JSON.parse(JSON.stringify(recipe({})).replace(/}$/, ',"params":{"__proto__":{"mode":"default"}}}')));
    expect(validation.ok).toBe(false);
    expect(!validation.ok && validation.messages).toEqual([`__proto__: not a parameter of ${VISIONFIT.name}`]);
  });

  it("a value nested 5,000 levels deep is refused with a short message, not a RangeError (a 500 from the API)", () => {
    const deep = deepValue(5_000);
    const engine = resolveParams(engineGenerator(VISIONFIT), { num_reps: deep });
    expect(!engine.ok && engine.errors.num_reps).toBe("must be an integer, got [[[…]]]");
    const portal = validateJobList(VISIONFIT, [{ num_reps: deep }]);
    expect(!portal.ok && portal.errors[0]!.message).toBe("[[[…]]] is not a whole number");
    const pasted = parseJobsJson(VISIONFIT, `[{"num_reps": ${deepJson(20_000)}}]`);
    expect(pasted.errors.map((e) => e.message)).toEqual(["[[[…]]] is not a whole number"]);
  });

  it("a value of 100,000 characters is shown cut short in its message", () => {
    const long = "x".repeat(100_000);
    const engine = resolveParams(engineGenerator(VISIONFIT), { scene: long });
    expect(!engine.ok && engine.errors.scene!.length).toBeLessThan(MAX_MESSAGE_LENGTH);
    expect(shownValue(long)).toBe(`"${"x".repeat(58)}…`);
  });

  it("free text with NUL or an unpaired surrogate is refused: Postgres cannot store it in a JSON document", () => {
    for (const label of ["a\u0000b", "\uD800", "x\uDC00"]) {
      const engine = resolveParams(engineGenerator(TEXT_SPEC), { label });
      expect(!engine.ok && engine.errors.label).toMatch(/NUL characters or unpaired surrogates/);
      expect(validateJobList(TEXT_SPEC, [{ label }]).ok).toBe(false);
      expect(validateRecipe(TEXT_SPEC, { ...recipe({ generator: "text-v1" }), params: { label: { mode: "fixed", value: label } } }).ok).toBe(false);
    }
    // A surrogate pair (an emoji) is whole text.
    expect(resolveParams(engineGenerator(TEXT_SPEC), { label: "👩‍👩‍👧" }).ok).toBe(true);
  });

  it("a batch name with NUL is refused by the recipe check", () => {
    const validation = validateRecipe(VISIONFIT, recipe({ name: "a\u0000b" }));
    expect(!validation.ok && validation.fieldErrors.name).toBe("The name cannot hold NUL characters or unpaired surrogates.");
  });

  it("Sweep over a range finer than four decimals stays inside it (0.00007 rounded to 0.0001 was refused by the engine)", () => {
    const jobs = sampleJobs(TEXT_SPEC, { ...recipe({ generator: "text-v1", jobCount: 3 }), params: { tiny: { mode: "sweep" } } });
    expect(jobs.map((j) => j.tiny)).toEqual([0.00005, 0.00009, 0.00009]);
    for (const job of jobs) expect(resolveParams(engineGenerator(TEXT_SPEC), job).ok).toBe(true);
  });
});

describe("the paste parser: bugs found by fuzzing", () => {
  it("a quoting problem in a CSV's header row is the header's, not a job's \"Row 0\"", () => {
    const result = parseJobs(VISIONFIT, 'scene,"num_reps,"frame_rate"\nGYM_1,3,24\n');
    expect(result.jobs).toEqual([]);
    expect(result.errors.every((e) => e.row === null || e.row >= 1)).toBe(true);
    expect(result.errors.map((e) => e.message)).toContain("The header row: Trailing quote on quoted field is malformed.");
  });

  it("a long cell that is not a number or a boolean is shown cut short in its message", () => {
    // An unclosed quote makes the rest of the paste one cell of a boolean column.
    const result = parseJobs(VISIONFIT, `scene;add_pauses;num_reps\nGYM_1;"true;${"x;".repeat(2_000)}\n`);
    const messages = result.errors.map((e) => e.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message.length).toBeLessThan(MAX_MESSAGE_LENGTH);
    expect(parseJobs(VISIONFIT, `scene,num_reps\nGYM_1,${"9".repeat(5_000)}x\n`).errors.every((e) => e.message.length < MAX_MESSAGE_LENGTH)).toBe(true);
  });
});
