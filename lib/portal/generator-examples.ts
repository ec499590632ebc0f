import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { getDb } from "@/db";
import { getConfig } from "@/lib/config/env";
import { PortalError } from "@/lib/errors";
import type { GeneratorSpec, ParamSpec, ParamValues } from "@/lib/generation/contract";
import { GenerationApiError } from "@/lib/generation/errors";
import { choicesOf, isStateParam, rangeOf, valueProblem, type ParamValue } from "@/lib/generation/param-kinds";
import { applicableModes, type ParamRecipe } from "@/lib/generation/recipe";
import { round4, sampleJobs } from "@/lib/generation/sampling";
import { generationClientFor, generationSourceFor } from "./generation";
import { requirePermission, type ActingMember } from "./member";

/**
 * Example frames for the generator pages: for each parameter a few preview frames at telling
 * values with everything else at its default, plus a small gallery of randomly sampled jobs.
 * Frames are drawn by the built-in engine (through its global slot, as the in-process API is)
 * and kept on disk: the same generator version and values always give the same pixels.
 */

/** Bump when the thumbnails change shape (size, encoding), so old files are not served. */
const EXAMPLE_FORMAT = 1;
/** Longest side of a thumbnail: two device pixels per CSS pixel of a 120 px tile. */
export const EXAMPLE_SIZE = 240;
/** Every example shares one render seed, so a row of frames differs only in the parameter. */
export const EXAMPLE_STATE = "00000000-0000-4000-8000-000000000006";
/** Seeds shown as the examples of the `state` parameter itself. */
const STATE_EXAMPLES = [EXAMPLE_STATE, "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000008"];
export const SAMPLE_COUNT = 4;
const SAMPLE_SEED = 20_240;
const MAX_EXAMPLES = 4;

// The engine's side of the slot is lib/engine/examples.ts; these mirror its types.
const SLOT = Symbol.for("infinity.generation-api.example-renderer");
export interface BuiltInGenerator {
  version: string;
  description: string;
  preview: boolean;
  hints: { overTime: Record<string, string>; context: Record<string, ParamValues> };
}
interface ExampleRenderer {
  describe(generator: string): BuiltInGenerator | null;
  render(generator: string, values: ParamValues): Promise<Uint8Array>;
}

function exampleRenderer(): ExampleRenderer | undefined {
  return (globalThis as unknown as Record<symbol, ExampleRenderer | undefined>)[SLOT];
}

export interface ExampleValue {
  value: ParamValue;
  /** "min", "max", "default", … shown under the frame next to the value. */
  tags: string[];
}

/** Up to `n` items spread evenly over `items`, always keeping `keep` when it is among them. */
function spread<T>(items: T[], n: number, keep?: T): T[] {
  if (items.length <= n) return items;
  const picked = Array.from({ length: n }, (_, i) => Math.floor((i * items.length) / n));
  const k = keep === undefined ? -1 : items.indexOf(keep);
  if (k >= 0 && !picked.includes(k)) {
    // Replace the nearest pick, so the default shows among choices of its own kind.
    let nearest = 0;
    for (let i = 1; i < n; i++) if (Math.abs(picked[i]! - k) < Math.abs(picked[nearest]! - k)) nearest = i;
    picked[nearest] = k;
    picked.sort((a, b) => a - b);
  }
  return picked.map((i) => items[i]!);
}

/**
 * The values a parameter's examples are drawn at: min, middle and max of a range (and the
 * default when it is none of them), up to four choices spread over the list (the default among
 * them), false and true, or three seeds for `state`. Nothing for free text and other UUIDs.
 */
export function exampleValues(param: ParamSpec): ExampleValue[] {
  const isDefault = (v: ParamValue) => v === param.default_value;
  const tagged = (value: ParamValue, tags: string[] = []): ExampleValue => ({ value, tags: isDefault(value) ? [...tags, "default"] : tags });
  if (isStateParam(param)) return STATE_EXAMPLES.map((value, i) => ({ value, tags: [`seed ${i + 1}`] }));
  const range = rangeOf(param);
  if (range && (param.type === "int" || param.type === "float")) {
    const d = param.default_value;
    // −180° and 180° are the same turn: quarter turns say more than min, middle and max.
    if (/deg/.test(param.name) && range.max - range.min === 360) {
      return [1, 2, 3, 4].map((k) => tagged(range.min + (k * 360) / 4, k === 4 ? ["max"] : []));
    }
    let mid = param.type === "int" ? Math.round((range.min + range.max) / 2) : round4((range.min + range.max) / 2);
    // A default close to the middle stands in for it: 3 and 3.125 would look the same.
    const nearMiddle = typeof d === "number" && d > range.min && d < range.max && Math.abs(d - mid) <= (range.max - range.min) / 10;
    if (nearMiddle) mid = d;
    const values: ExampleValue[] = [tagged(range.min, ["min"]), tagged(mid, mid === d ? [] : ["middle"]), tagged(range.max, ["max"])];
    if (typeof d === "number" && !values.some((v) => v.value === d)) values.push(tagged(d));
    return dedupe(values).sort((a, b) => (a.value as number) - (b.value as number));
  }
  const choices = choicesOf(param);
  if (choices) return spread(choices, MAX_EXAMPLES, param.default_value ?? undefined).map((c) => tagged(c));
  if (param.type === "uuid" || param.default_value === null) return [];
  return [tagged(param.default_value)];
}

function dedupe(values: ExampleValue[]): ExampleValue[] {
  const out: ExampleValue[] = [];
  for (const v of values) {
    const same = out.find((o) => o.value === v.value);
    if (same) same.tags = [...new Set([...same.tags, ...v.tags])];
    else out.push(v);
  }
  return out;
}

/** Every parameter at its default (and the shared seed), `overrides` on top. */
export function exampleParamValues(spec: GeneratorSpec, overrides: ParamValues = {}): ParamValues {
  const values: ParamValues = {};
  for (const p of spec.params) values[p.name] = isStateParam(p) ? EXAMPLE_STATE : p.default_value;
  return { ...values, ...overrides };
}

/** The jobs of the page's header gallery: the generator's Random mode with a fixed seed. */
export function sampledExampleJobs(spec: GeneratorSpec): ParamValues[] {
  const params: Record<string, ParamRecipe> = {};
  for (const p of spec.params) if (applicableModes(p).includes("random")) params[p.name] = { mode: "random" };
  return sampleJobs(spec, { generator: spec.name, kind: "preview", jobCount: SAMPLE_COUNT, seed: SAMPLE_SEED, name: "examples", params });
}

export type ExampleSupport = { available: true; builtIn: BuiltInGenerator } | { available: false; reason: string };

/**
 * Whether this process can draw frames for `spec` as the team's Generation API serves it.
 * `remote`: the team's API is not the built-in engine (its own connection or the deployment's).
 */
export function exampleSupport(spec: GeneratorSpec, remote: boolean): ExampleSupport {
  if (!spec.options.preview) return { available: false, reason: "This generator does not render previews, so there are no example frames to show." };
  const renderer = exampleRenderer();
  if (!renderer) return { available: false, reason: "Example frames are drawn by the built-in engine, which is not running in this process." };
  const builtIn = renderer.describe(spec.name);
  if (!builtIn) {
    return {
      available: false,
      reason: remote
        ? "This generator comes from the team's remote Generation API. Example frames are drawn only for the built-in engine's generators, so this page documents the parameters without pictures."
        : "The built-in engine does not have this generator, so there are no example frames to show.",
    };
  }
  if (builtIn.version !== spec.version) {
    return { available: false, reason: `The Generation API serves version ${spec.version} of this generator, but the built-in engine has ${builtIn.version}; its frames could mislead, so none are shown.` };
  }
  return { available: true, builtIn };
}

/** The query of an example request: one parameter at one value, or one job of the gallery. */
const exampleQuerySchema = z.union([
  z.strictObject({ param: z.string().min(1).max(100), value: z.string().max(100), v: z.string().max(100).optional() }),
  z.strictObject({ sample: z.coerce.number().int().min(0).max(SAMPLE_COUNT - 1), v: z.string().max(100).optional() }),
]);

export function exampleSrc(spec: GeneratorSpec, query: { param: string; value: ParamValue } | { sample: number }): string {
  // `v` changes with the generator's version, so a long browser cache never shows an old frame.
  const search = new URLSearchParams("sample" in query ? { sample: String(query.sample) } : { param: query.param, value: String(query.value) });
  search.set("v", spec.version);
  return `/api/portal/generators/${encodeURIComponent(spec.name)}/examples?${search}`;
}

function parseValue(param: ParamSpec, raw: string): unknown {
  switch (param.type) {
    case "int":
    case "float":
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
    case "bool":
      return raw === "true" ? true : raw === "false" ? false : raw;
    default:
      return raw;
  }
}

export interface ResolvedExample {
  generator: string;
  values: ParamValues;
  file: string;
  etag: string;
}

/**
 * Checks an example request against the generator as the member's Generation API serves it
 * and says which frame it names. Only the values the page shows are drawn, which keeps the
 * disk cache bounded: a few files per parameter, not one per float anyone can type.
 */
export async function resolveExample(member: ActingMember, origin: string, generator: string, rawQuery: Record<string, string>): Promise<ResolvedExample> {
  await requirePermission(await getDb(), member, "team:read", "You are no longer a member of this team.");
  const query = exampleQuerySchema.safeParse(rawQuery);
  if (!query.success) throw new PortalError("bad_request:example", "Ask for an example with ?param=<name>&value=<value>, or ?sample=0 to 3.");
  let spec: GeneratorSpec;
  try {
    spec = await (await generationClientFor(member, origin)).getGenerator(generator);
  } catch (error) {
    if (error instanceof GenerationApiError && error.kind === "not_found") throw new PortalError("not_found:generator", `The Generation API offers no generator named "${generator}".`);
    throw error;
  }
  const support = exampleSupport(spec, (await generationSourceFor(member)).kind !== "built-in");
  if (!support.available) throw new PortalError("not_found:example", support.reason);
  let values: ParamValues;
  if ("sample" in query.data) {
    values = sampledExampleJobs(spec)[query.data.sample]!;
  } else {
    const { param: name, value: raw } = query.data;
    const param = spec.params.find((p) => p.name === name);
    if (!param) throw new PortalError("not_found:param", `${spec.name} has no parameter named "${name}".`);
    const value = parseValue(param, raw);
    const problem = valueProblem(param, value);
    if (problem) throw new PortalError("bad_request:example", `${name} ${JSON.stringify(raw)} ${problem}.`);
    if (!exampleValues(param).some((e) => e.value === value)) {
      throw new PortalError("bad_request:example", `Examples of ${name} are drawn only at ${exampleValues(param).map((e) => String(e.value)).join(", ") || "no values"}.`);
    }
    values = exampleParamValues(spec, { ...support.builtIn.hints.context[name], [name]: value as ParamValue });
  }
  const hash = createHash("sha256").update(JSON.stringify([EXAMPLE_FORMAT, spec.name, spec.version, values])).digest("hex").slice(0, 32);
  const folder = spec.name.replace(/[^A-Za-z0-9._-]/g, "_");
  return { generator: spec.name, values, file: path.resolve(getConfig().dataDir, "generator-examples", folder, `${hash}.png`), etag: `"${hash}"` };
}

const inflight = ((globalThis as unknown as { __exampleRenders?: Map<string, Promise<Buffer>> }).__exampleRenders ??= new Map());

/** The thumbnail from the disk cache, or drawn now (once, however many ask at the same time). */
export async function examplePng(example: ResolvedExample): Promise<{ png: Buffer; cached: boolean }> {
  const cached = await readFile(example.file).catch(() => null);
  if (cached) return { png: cached, cached: true };
  let pending = inflight.get(example.file);
  if (!pending) {
    pending = drawExample(example).finally(() => inflight.delete(example.file));
    inflight.set(example.file, pending);
  }
  return { png: await pending, cached: false };
}

async function drawExample(example: ResolvedExample): Promise<Buffer> {
  const renderer = exampleRenderer();
  if (!renderer) throw new PortalError("not_found:example", "Example frames are drawn by the built-in engine, which is not running in this process.");
  const frame = await renderer.render(example.generator, example.values);
  const png = await sharp(frame).resize({ width: EXAMPLE_SIZE, height: EXAMPLE_SIZE, fit: "inside" }).png({ compressionLevel: 9, palette: true, quality: 90 }).toBuffer();
  await mkdir(path.dirname(example.file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${example.file}.${randomBytes(4).toString("hex")}.part`;
  await writeFile(partial, png);
  await rename(partial, example.file);
  return png;
}
