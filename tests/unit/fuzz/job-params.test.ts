import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveParams } from "@/lib/engine/validation";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { formatJobListError, validateJobList } from "@/lib/generation/job-list";
import { valueProblem } from "@/lib/generation/param-kinds";
import { RecipeError, validateRecipe, type Recipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { expectReadableMessage, FUZZ_RUNS, Tally } from "../../support/fuzz";
import { defectiveRecipe, engineGenerator, EVERY_KIND, noiseRecipe, plannedJob, validRecipe, VISIONFIT, type PlannedJob } from "../../support/fuzz-params";

/**
 * Job parameters fuzzed against both checks that guard them: the engine's `resolveParams`
 * (what the Generation API accepts) and the portal's job list and recipe validation (what the
 * workflow editor and batch submission accept). Each property knows which keys of its input
 * must be refused, so a check that lets a mistake through, refuses a good value or throws
 * fails here, with the smallest input that shows it. Failure messages are built only on
 * failure (`fc.stringify` copes with values nested deeper than JSON.stringify can go).
 */

const SPECS: GeneratorSpec[] = [VISIONFIT, EVERY_KIND];
/** 10,000 inputs take seconds to tens of seconds on a busy 2-core machine. */
const FUZZ_TIMEOUT_MS = 180_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A third of the jobs without a mistake, so acceptance is exercised as much as refusal. */
const jobFor = (spec: GeneratorSpec) => fc.oneof({ weight: 1, arbitrary: plannedJob(spec, false) }, { weight: 2, arbitrary: plannedJob(spec, true) });

/** The keys the engine must refuse: mistakes, unknown keys, and null where null is no value (all but UUIDs). */
function engineRefuses(spec: GeneratorSpec, job: PlannedJob): string[] {
  const uuids = new Set(spec.params.filter((p) => p.type === "uuid").map((p) => p.name));
  return [...job.invalid, ...job.unknown, ...job.nulls.filter((n) => !uuids.has(n))].sort();
}

/** The engine accepts `job` as it stands and keeps the values it was given (the seed lowercased). */
function expectEngineAccepts(spec: GeneratorSpec, job: Record<string, unknown>) {
  const resolved = resolveParams(engineGenerator(spec), job, () => "00000000-0000-4000-8000-000000000000");
  if (!resolved.ok) expect.fail(`the engine refused ${fc.stringify(job)}: ${fc.stringify(resolved.errors)}`);
  for (const [key, value] of Object.entries(job)) {
    if (value !== null && resolved.params[key] !== (key === "state" ? String(value).toLowerCase() : value)) {
      expect.fail(`the engine changed ${key} from ${fc.stringify(value)} to ${fc.stringify(resolved.params[key])}`);
    }
  }
}

describe("job-parameter validation, fuzzed", () => {
  it(
    `the engine accepts exactly the fitting values and names every refused key (${FUZZ_RUNS.toLocaleString("en-US")} jobs)`,
    () => {
      const tally = new Tally("engine resolveParams");
      const specAndJob = fc.constantFrom(...SPECS).chain((spec) => jobFor(spec).map((job) => ({ spec, job })));
      fc.assert(
        fc.property(specAndJob, ({ spec, job }) => {
          const refused = engineRefuses(spec, job);
          const result = resolveParams(engineGenerator(spec), job.values);
          tally.add(result.ok ? "accepted" : "refused");
          if (refused.length === 0) {
            if (!result.ok) return expect.fail(`refused a fitting job: ${fc.stringify(result.errors)}`);
            expect(Object.keys(result.params).sort()).toEqual(spec.params.map((p) => p.name).sort());
            // Only a UUID other than the seed may stay null (no value); everything else fits its parameter.
            for (const param of spec.params) {
              const value: unknown = result.params[param.name];
              if (value !== null && valueProblem(param, value) !== null) expect.fail(`resolved ${param.name} to ${fc.stringify(value)}, which does not fit`);
            }
            expect(result.params.state).toMatch(UUID);
            for (const [key, value] of Object.entries(job.values)) {
              if (value !== null) expect(result.params[key]).toBe(key === "state" ? String(value).toLowerCase() : value);
            }
          } else {
            if (result.ok) return expect.fail(`accepted a job with mistakes in ${refused.join(", ")}`);
            expect(Object.keys(result.errors).sort()).toEqual(refused);
            for (const [key, message] of Object.entries(result.errors)) expectReadableMessage(message, `engine, key ${fc.stringify(key)}`);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
      expect(tally.get("accepted")).toBeGreaterThan(FUZZ_RUNS / 5);
      expect(tally.get("refused")).toBeGreaterThan(FUZZ_RUNS / 5);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `the portal's job list check reports every mistake by row and column, and only those (${FUZZ_RUNS.toLocaleString("en-US")} lists)`,
    () => {
      const tally = new Tally("portal validateJobList");
      const specAndList = fc.constantFrom(...SPECS).chain((spec) => fc.array(jobFor(spec), { minLength: 1, maxLength: 3 }).map((jobs) => ({ spec, jobs })));
      fc.assert(
        fc.property(specAndList, ({ spec, jobs }) => {
          const result = validateJobList(spec, jobs.map((j) => j.values));
          const cells = jobs.flatMap((j, i) => j.invalid.map((column) => `${i + 1}:${column}`)).sort();
          const unknown = [...new Set(jobs.flatMap((j) => j.unknown))].sort();
          tally.add(result.ok ? "accepted" : "refused");
          if (cells.length === 0 && unknown.length === 0) {
            if (!result.ok) return expect.fail(`refused a fitting list: ${fc.stringify(result.errors)}`);
            // Null is "the default": it is dropped, everything else is kept as given.
            expect(result.jobs).toEqual(jobs.map((j) => Object.fromEntries(Object.entries(j.values).filter(([, v]) => v !== null))));
            // What the portal accepts, the engine accepts too.
            for (const job of result.jobs) expectEngineAccepts(spec, job);
          } else {
            if (result.ok) return expect.fail(`accepted a list with mistakes in ${[...cells, ...unknown].join(", ")}`);
            expect(result.errors.filter((e) => e.row !== null).map((e) => `${e.row}:${e.column}`).sort()).toEqual(cells);
            expect(result.errors.filter((e) => e.row === null).map((e) => e.column!).sort()).toEqual(unknown);
            for (const error of result.errors) expectReadableMessage(formatJobListError(error), "job list");
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
      expect(tally.get("accepted")).toBeGreaterThan(FUZZ_RUNS / 20);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `every valid recipe is accepted and every job it samples passes the engine's check (${FUZZ_RUNS.toLocaleString("en-US")} recipes)`,
    () => {
      const tally = new Tally("portal validateRecipe + sampleJobs, valid recipes");
      const specAndRecipe = fc.constantFrom(...SPECS).chain((spec) => validRecipe(spec).map((recipe) => ({ spec, recipe })));
      fc.assert(
        fc.property(specAndRecipe, ({ spec, recipe }) => {
          const validation = validateRecipe(spec, recipe);
          if (!validation.ok) return expect.fail(`refused a valid recipe: ${validation.messages.join("; ")}`);
          const jobs = sampleJobs(spec, recipe);
          const listed = (recipe as Partial<Recipe>).jobs;
          expect(jobs).toHaveLength(listed ? listed.length : (recipe.jobCount as number));
          tally.add(listed ? "job list" : "distributions");
          const names = spec.params.map((p) => p.name).join();
          for (const job of jobs) {
            expectEngineAccepts(spec, job);
            // Every parameter is written out, in the schema's order.
            if (Object.keys(job).join() !== names) expect.fail(`sampled keys ${Object.keys(job).join()}`);
          }
          expect(validateJobList(spec, jobs).ok).toBe(true);
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `a recipe with one defect is refused, naming that field or parameter (${FUZZ_RUNS.toLocaleString("en-US")} recipes)`,
    () => {
      const tally = new Tally("portal validateRecipe, one defect");
      const specAndDefect = fc.constantFrom(...SPECS).chain((spec) => defectiveRecipe(spec).map((defect) => ({ spec, defect })));
      fc.assert(
        fc.property(specAndDefect, ({ spec, defect }) => {
          const validation = validateRecipe(spec, defect.recipe);
          if (validation.ok) return expect.fail("accepted a recipe with a defect");
          tally.add(defect.field ? `field ${defect.field}` : defect.param !== undefined ? "parameter" : "shape");
          if (defect.field && !Object.hasOwn(validation.fieldErrors, defect.field)) expect.fail(`no error for ${defect.field}: ${fc.stringify(validation.fieldErrors)}`);
          if (defect.param !== undefined && !Object.hasOwn(validation.paramErrors, defect.param)) expect.fail(`no error for ${defect.param}: ${fc.stringify(validation.paramErrors)}`);
          expect(validation.messages.length).toBeGreaterThan(0);
          for (const message of validation.messages) expectReadableMessage(message, "recipe");
          expect(() => sampleJobs(spec, defect.recipe)).toThrow(RecipeError);
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `any JSON at all is either a valid recipe or refused with messages, never an exception (${FUZZ_RUNS.toLocaleString("en-US")} inputs)`,
    () => {
      const tally = new Tally("portal validateRecipe, noise");
      fc.assert(
        fc.property(fc.constantFrom(...SPECS), noiseRecipe(), (spec, input) => {
          const validation = validateRecipe(spec, input);
          tally.add(validation.ok ? "accepted" : "refused");
          if (validation.ok) {
            for (const job of sampleJobs(spec, input)) expectEngineAccepts(spec, job);
          } else {
            expect(validation.messages.length).toBeGreaterThan(0);
            for (const message of validation.messages) expectReadableMessage(message, "recipe noise");
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
    },
    FUZZ_TIMEOUT_MS,
  );
});
