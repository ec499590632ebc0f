/**
 * Shared fixtures for the sampling tests (one file per mode beside this one): the VisionFit
 * spec, a 10,000-job sampler with a fixed seed, and the statistical checks the tests use, so
 * every file judges its draws by the same 3-sigma bounds.
 */
import { expect } from "vitest";
import { generatorSpecSchema, type GeneratorSpec, type ParamValues } from "@/lib/generation/contract";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";

export const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);
export const param = (name: string) => spec.params.find((p) => p.name === name)!;
export const N = 10_000;
export const SEED = 20_240_611;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function sample(params: Record<string, ParamRecipe>, header: { jobCount?: number; seed?: number } = {}, on: GeneratorSpec = spec): ParamValues[] {
  return sampleJobs(on, { generator: on.name, kind: "video", jobCount: N, seed: SEED, name: "test batch", params, ...header });
}

export const column = (jobs: ParamValues[], name: string) => jobs.map((j) => j[name]);
export const numbers = (jobs: ParamValues[], name: string) => column(jobs, name) as number[];
export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
export const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
export const count = (xs: unknown[], v: unknown) => xs.filter((x) => x === v).length;

/** The sample mean lies within 3 standard errors of the distribution's mean. */
export function expectMean(xs: number[], mu: number, sigma: number) {
  expect(Math.abs(mean(xs) - mu), `mean ${mean(xs)} vs ${mu}`).toBeLessThan((3 * sigma) / Math.sqrt(xs.length));
}

/** A count of n Bernoulli(p) trials lies within 3 binomial standard deviations of n·p. */
export function expectCount(k: number, n: number, p: number) {
  expect(Math.abs(k - n * p), `count ${k} vs ${n * p}`).toBeLessThanOrEqual(3 * Math.sqrt(n * p * (1 - p)));
}

export const decimals4 = (x: number) => Math.round(x * 1e4) / 1e4 === x;
export const allRandom = Object.fromEntries(spec.params.filter((p) => p.name !== "state").map((p) => [p.name, { mode: "random" } as ParamRecipe]));
