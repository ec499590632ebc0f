import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { workflows } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { MAX_RECIPE_BYTES } from "@/lib/generation/recipe";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { PortalError } from "@/lib/errors";
import { deleteWorkflow, getWorkflow, listWorkflows, saveWorkflow } from "@/lib/portal/workflows";
import type { ActingMember } from "@/lib/portal/member";
import { ORIGIN } from "../support/engine-api";
import { joinTeam, signUp } from "../support/factories";
import { largestRecipe } from "../support/largest-recipe";

const GENERATOR = "visionfit-flagship-v0.1.0";
const recipe = (name: string, extra: Record<string, unknown> = {}) => ({ generator: GENERATOR, kind: "preview", jobCount: 20, seed: 3, name, params: { scene: { mode: "random" } }, ...extra });

let client: GenerationClient;

beforeAll(() => {
  exposeInProcess();
  // Generator schemas are the same for every team: one client reads them for all the owners below.
  client = new GenerationClient(new InProcessTransport(randomUUID(), ORIGIN));
});

afterAll(async () => {
  await stopQueue();
});

async function refusal(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

async function countFor(member: ActingMember): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workflows).where(eq(workflows.teamId, member.teamId));
  return row!.n;
}

describe("workflows, the team's saved recipes", () => {
  it("saves, lists, reopens, renames by saving and deletes softly", async () => {
    const owner = await signUp("wf-owner");
    const { id } = await saveWorkflow(owner, { recipe: recipe("gym screening") }, client);
    expect((await listWorkflows(owner)).map((w) => w.name)).toEqual(["gym screening"]);
    expect((await getWorkflow(owner, id)).recipe).toEqual(recipe("gym screening"));
    await saveWorkflow(owner, { id, recipe: recipe("gym screening v2") }, client);
    expect((await getWorkflow(owner, id)).name).toBe("gym screening v2");
    await deleteWorkflow(owner, id);
    expect(await listWorkflows(owner)).toEqual([]);
    await expect(getWorkflow(owner, id)).rejects.toThrow(/does not exist or was deleted/);
  });

  it("refuses an empty name, a viewer, and another team's workflow", async () => {
    const owner = await signUp("wf-a");
    const stranger = await signUp("wf-b");
    const viewer = await joinTeam(owner, "wf-viewer", "viewer");
    await expect(saveWorkflow(owner, { recipe: recipe("  ") }, client)).rejects.toThrow(/Give the batch a name/);
    const denied = await saveWorkflow(viewer, { recipe: recipe("nope") }, client).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PortalError);
    expect((denied as PortalError).kind).toBe("forbidden");
    const { id } = await saveWorkflow(owner, { recipe: recipe("ours") }, client);
    await expect(getWorkflow(stranger, id)).rejects.toThrow(/does not exist/);
    await expect(saveWorkflow(stranger, { id, recipe: recipe("hijack") }, client)).rejects.toThrow(/does not exist/);
    await expect(deleteWorkflow(stranger, id)).rejects.toThrow(/does not exist/);
    await expect(deleteWorkflow(viewer, id)).rejects.toThrow(/Viewers cannot delete/);
    expect((await getWorkflow(owner, id)).name).toBe("ours");
    expect((await listWorkflows(viewer)).map((w) => w.name)).toEqual(["ours"]);
  });
});

describe("a recipe is checked against the generator's schema when it is saved", () => {
  let owner: ActingMember;
  beforeAll(async () => {
    owner = await signUp("wf-checked");
  });

  it("refuses an unknown parameter, naming it, and stores nothing", async () => {
    const before = await countFor(owner);
    const error = await refusal(saveWorkflow(owner, { recipe: recipe("typo", { params: { scene: { mode: "random" }, lighting_powr: { mode: "fixed", value: 10 } } }) }, client));
    expect(error.code).toBe("bad_request:recipe");
    expect(error.message).toBe(`The recipe has 1 problem: lighting_powr: not a parameter of ${GENERATOR}`);
    expect(error.fields).toEqual({ "params.lighting_powr": `lighting_powr: not a parameter of ${GENERATOR}` });
    // A parameter named like an object's prototype is refused too, not silently dropped.
    const proto = await refusal(saveWorkflow(owner, { recipe: JSON.parse(`{"generator":"${GENERATOR}","kind":"preview","jobCount":2,"seed":1,"name":"proto","params":{"__proto__":{"mode":"default"}}}`) }, client));
    expect(proto.fields).toEqual({ "params.__proto__": `__proto__: not a parameter of ${GENERATOR}` });
    expect(await countFor(owner)).toBe(before);
  });

  it("refuses values and distributions that do not fit, each against its parameter", async () => {
    const error = await refusal(
      saveWorkflow(
        owner,
        {
          recipe: recipe("bad values", {
            params: {
              lighting_power: { mode: "uniform", min: 0, max: 5000 },
              num_reps: { mode: "normal", mean: 5, sd: -1 },
              scene: { mode: "fixed", value: "GARDEN" },
              exercise: { mode: "wobbly" },
            },
          }),
        },
        client,
      ),
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["params.exercise", "params.lighting_power", "params.num_reps", "params.scene"]);
    expect(error.fields!["params.lighting_power"]).toMatch(/^lighting_power: Uniform max \(5000\) is outside/);
    expect(error.fields!["params.num_reps"]).toMatch(/^num_reps: Normal sd \(-1\) must be greater than 0/);
    expect(error.fields!["params.scene"]).toMatch(/^scene: .*GARDEN/);
    expect(error.fields!["params.exercise"]).toMatch(/^exercise: mode must be one of/);
    const header = await refusal(saveWorkflow(owner, { recipe: recipe("bad header", { kind: "gif", jobCount: 0, seed: -1 }) }, client));
    expect(Object.keys(header.fields ?? {}).sort()).toEqual(["jobCount", "kind", "seed"]);
  });

  it("checks a pasted job list cell by cell, and the distributions the workflow keeps beside it", async () => {
    const jobs = [{ exercise: "SQUAT", num_reps: 3 }, { lighting_power: 2500, colour: "red" }];
    const error = await refusal(saveWorkflow(owner, { recipe: recipe("pasted", { jobs, params: { num_reps: { mode: "uniform", min: 1, max: 99 } } }) }, client));
    expect(error.fields).toEqual({
      "jobs.colour": `Unknown key 'colour' (row 2) — not a parameter of ${GENERATOR}.`,
      "jobs.2.lighting_power": "Row 2, column lighting_power: 2500 is above the maximum 2000",
      "params.num_reps": "num_reps: Uniform max (99) is outside 1–20",
    });
    const ok = [{ exercise: "SQUAT", num_reps: 3 }, { lighting_power: 250 }];
    const { id } = await saveWorkflow(owner, { recipe: recipe("pasted", { jobs: ok, params: { num_reps: { mode: "uniform", min: 1, max: 9 } } }) }, client);
    expect((await getWorkflow(owner, id)).recipe).toMatchObject({ jobCount: 2, jobs: ok, params: { num_reps: { mode: "uniform", min: 1, max: 9 } } });
  });

  it("stores the checked recipe, not what was sent: fields of no recipe are dropped", async () => {
    const { id } = await saveWorkflow(owner, { recipe: recipe("extra fields", { note: "x".repeat(1000), __proto__x: 1 }) }, client);
    const stored = (await getWorkflow(owner, id)).recipe;
    expect(stored).not.toHaveProperty("note");
    expect(stored).not.toHaveProperty("__proto__x");
    expect(stored).toEqual(recipe("extra fields"));
  });

  it("refuses a recipe over the size cap with a sentence, before reading the generator", async () => {
    const before = await countFor(owner);
    const huge = recipe("huge", { description: "x".repeat(MAX_RECIPE_BYTES) });
    // An upstream that cannot be reached: the size alone must decide.
    const unreachable = new GenerationClient(new HttpTransport({ baseUrl: "http://localhost:1/", token: "t", retries: 0 }));
    const error = await refusal(saveWorkflow(owner, { recipe: huge }, unreachable));
    expect(error.code).toBe("bad_request:recipe");
    expect(error.message).toMatch(/^This recipe is 10\.1 MB of JSON; a recipe may be at most 10\.0 MB \(10,000 jobs with every parameter fit\)\. Split the jobs over several batches\.$/);
    expect(await countFor(owner)).toBe(before);
  });

  it("says so when the Generation API cannot be asked, and saves nothing unchecked", async () => {
    const unreachable = new GenerationClient(new HttpTransport({ baseUrl: "http://localhost:1/", token: "t", retries: 0, timeoutMs: 2_000 }));
    const error = await refusal(saveWorkflow(owner, { recipe: recipe("offline") }, unreachable));
    expect(error.code).toBe("conflict:generation_api");
    expect(error.message).toMatch(/ The recipe could not be checked against the generator, so nothing was saved; try again\.$/);
  });

  it("saves the largest legitimate recipe, 10,000 pasted jobs with every parameter", async () => {
    const started = performance.now();
    const { id } = await saveWorkflow(owner, { recipe: largestRecipe() }, client);
    const ms = performance.now() - started;
    const db = await getDb();
    const [row] = await db.select({ text: sql<number>`octet_length(${workflows.recipe}::text)`, stored: sql<number>`pg_column_size(${workflows.recipe})` }).from(workflows).where(eq(workflows.id, id));
    console.log(`workflows: the largest legitimate recipe saved in ${ms.toFixed(0)} ms; ${(Number(row!.text) / 1024 / 1024).toFixed(2)} MB as jsonb text, ${(Number(row!.stored) / 1024 / 1024).toFixed(2)} MB on disk (TOAST-compressed)`);
    expect((await listWorkflows(owner)).find((w) => w.id === id)).toMatchObject({ jobCount: 10_000, kind: "video" });
  });
});
