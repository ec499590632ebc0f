import { rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config/env";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { exposeExampleRenderer } from "@/lib/engine/examples";
import { closeRenderPool } from "@/lib/engine/render-pool";
import { PortalError } from "@/lib/errors";
import { exampleSupport, examplePng, exampleValues, resolveExample, SAMPLE_COUNT } from "@/lib/portal/generator-examples";
import { loadGeneratorDocs } from "@/lib/portal/generator-docs";
import type { ActingMember } from "@/lib/portal/member";
import { ORIGIN } from "../support/engine-api";
import { signUp } from "../support/factories";

const GENERATOR = "visionfit-flagship-v0.1.0";
let member: ActingMember;

beforeAll(async () => {
  exposeInProcess();
  exposeExampleRenderer();
  member = await signUp("examples");
  // Start from an empty cache, so the first request below really renders.
  await rm(path.resolve(getConfig().dataDir, "generator-examples"), { recursive: true, force: true });
});

afterAll(async () => {
  await closeRenderPool();
});

async function refusal(query: Record<string, string>, generator = GENERATOR): Promise<PortalError> {
  const error = await resolveExample(member, ORIGIN, generator, query).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

describe("generator example frames", () => {
  it("renders a 240 px PNG once, then serves the same bytes from the disk cache", async () => {
    const example = await resolveExample(member, ORIGIN, GENERATOR, { param: "camera_distance", value: "5.25", v: "0.1.0" });
    expect(example.values.camera_distance).toBe(5.25);
    expect(example.values.scene).toBe("BEDROOM_2");

    const first = await examplePng(example);
    expect(first.cached).toBe(false);
    const meta = await sharp(first.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 240, 240]);

    const again = await resolveExample(member, ORIGIN, GENERATOR, { param: "camera_distance", value: "5.25" });
    expect(again.etag).toBe(example.etag);
    const second = await examplePng(again);
    expect(second.cached).toBe(true);
    expect(Buffer.compare(second.png, first.png)).toBe(0);
  });

  it("draws each value of a parameter differently and keeps the aspect of wide images", async () => {
    const near = await examplePng(await resolveExample(member, ORIGIN, GENERATOR, { param: "camera_distance", value: "1" }));
    const far = await examplePng(await resolveExample(member, ORIGIN, GENERATOR, { param: "camera_distance", value: "5.25" }));
    expect(Buffer.compare(near.png, far.png)).not.toBe(0);

    const wide = await examplePng(await resolveExample(member, ORIGIN, GENERATOR, { param: "image_width", value: "512" }));
    const meta = await sharp(wide.png).metadata();
    expect([meta.width, meta.height]).toEqual([240, 120]);
  });

  it("draws the header gallery from the Random sampler with a fixed seed", async () => {
    const a = await resolveExample(member, ORIGIN, GENERATOR, { sample: "0" });
    const b = await resolveExample(member, ORIGIN, GENERATOR, { sample: "1" });
    expect(a.values).not.toEqual(b.values);
    expect((await resolveExample(member, ORIGIN, GENERATOR, { sample: "0" })).values).toEqual(a.values);
    const meta = await sharp((await examplePng(a)).png).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(240);
    expect((await refusal({ sample: String(SAMPLE_COUNT) })).code).toBe("bad_request:example");
  });

  it("refuses values outside the schema, values it does not draw, and unknown names", async () => {
    const outside = await refusal({ param: "num_reps", value: "99" });
    expect([outside.code, outside.message]).toEqual(["bad_request:example", 'num_reps "99" is outside 1–20.']);
    expect((await refusal({ param: "scene", value: "MOON_1" })).code).toBe("bad_request:example");
    expect((await refusal({ param: "add_wall_art", value: "yes" })).code).toBe("bad_request:example");
    // Valid for the schema but not one of the page's examples: the cache stays bounded.
    expect((await refusal({ param: "num_reps", value: "7" })).message).toMatch(/drawn only at 1, 11, 20/);
    expect((await refusal({ param: "warp_speed", value: "1" })).code).toBe("not_found:param");
    expect((await refusal({ param: "num_reps", value: "1" }, "no-such-generator")).code).toBe("not_found:generator");
    expect((await refusal({ param: "num_reps" })).code).toBe("bad_request:example");
    expect((await refusal({ param: "num_reps", value: "1", extra: "x" })).code).toBe("bad_request:example");
  });

  it("picks telling values: min, middle, max and the default; choices spread with the default among them", () => {
    const param = (name: string) => ({ name, type: "float" as const, default_value: 100, options: { min: 0, max: 2000 }, description: "" });
    expect(exampleValues(param("lighting_power")).map((e) => [e.value, e.tags])).toEqual([
      [0, ["min"]],
      [100, ["default"]],
      [1000, ["middle"]],
      [2000, ["max"]],
    ]);
    const scene = { name: "scene", type: "str" as const, default_value: "C", options: { choices: ["A", "B", "C", "D", "E", "F", "G", "H"] }, description: "" };
    expect(exampleValues(scene).map((e) => e.value)).toEqual(["A", "C", "E", "G"]);
    expect(exampleValues({ name: "flag", type: "bool", default_value: false, options: null, description: "" }).map((e) => e.value)).toEqual([false, true]);
    // −180° and 180° are one turn: quarter turns instead.
    const angle = { name: "relative_avatar_angle_deg", type: "float" as const, default_value: 0, options: { min: -180, max: 180 }, description: "" };
    expect(exampleValues(angle).map((e) => e.value)).toEqual([-90, 0, 90, 180]);
    // A default near the middle stands in for it.
    const distance = { name: "camera_distance", type: "float" as const, default_value: 3, options: { min: 1, max: 5.25 }, description: "" };
    expect(exampleValues(distance).map((e) => [e.value, e.tags])).toEqual([
      [1, ["min"]],
      [3, ["default"]],
      [5.25, ["max"]],
    ]);
  });

  it("documents every parameter, with video lengths for the ones a single frame cannot show", async () => {
    const docs = await loadGeneratorDocs(member, ORIGIN, GENERATOR);
    if (!docs || "problem" in docs) throw new Error(`no docs: ${JSON.stringify(docs)}`);
    expect(docs.spec.params).toHaveLength(31);
    expect(docs.examples.available).toBe(true);
    const [one, , twenty] = docs.videoFrames.num_reps!.frames;
    expect(twenty).toBeGreaterThan(one! * 10);
    expect(docs.videoFrames.scene).toBeUndefined();
    // Rest between repetitions needs more than one repetition to show.
    expect(docs.videoFrames.inter_rep_delay_avg!.context).toEqual({ num_reps: 5 });
    expect(new Set(docs.videoFrames.inter_rep_delay_avg!.frames).size).toBeGreaterThan(1);
    expect(await loadGeneratorDocs(member, ORIGIN, "no-such-generator")).toBeNull();
  });

  it("shows no examples for a generator only a remote Generation API has", () => {
    const spec = { name: "acme-robots-v2", version: "2.0.0", params: [], options: { preview: true } };
    const support = exampleSupport(spec, true);
    expect(support.available).toBe(false);
    expect(!support.available && support.reason).toMatch(/remote Generation API/);
    const older = exampleSupport({ ...spec, name: GENERATOR, version: "0.0.9" }, true);
    expect(!older.available && older.reason).toMatch(/version 0.0.9/);
  });
});
