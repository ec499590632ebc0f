import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { getEngineConfig } from "./config";
import { ffmpegPath } from "./ffmpeg";
import { findGenerator } from "./generators/registry";
import type { ParamValues } from "./generators/types";
import { VISIONFIT_EXAMPLE_HINTS } from "./generators/visionfit/example-hints";
import { VISIONFIT_NAME } from "./generators/visionfit/params";
import { renderInPool } from "./render-pool";
import { resolveParams } from "./validation";

/**
 * Example frames for the portal's generator documentation: one preview frame for given
 * parameter values, rendered on the same worker-thread pool as jobs but never queued or
 * stored as a job. Offered to the portal through a well-known global slot (as the in-process
 * API is), so neither half imports the other.
 */
const SLOT = Symbol.for("infinity.generation-api.example-renderer");

/** A frame takes well under a second; anything near this is stuck. */
const EXAMPLE_TIMEOUT_MS = 60_000;

export interface ExampleHints {
  /** Parameter → why a single frame cannot show its effect. */
  overTime: Record<string, string>;
  /** Parameter → other values that make its effect visible. */
  context: Record<string, ParamValues>;
}

export interface BuiltInGenerator {
  version: string;
  description: string;
  preview: boolean;
  hints: ExampleHints;
}

export interface ExampleRenderer {
  /** The built-in generator of that name, or null when the engine does not have it. */
  describe(generator: string): BuiltInGenerator | null;
  /** The preview frame (a PNG) for `values`; missing parameters take their defaults. */
  render(generator: string, values: ParamValues): Promise<Uint8Array>;
}

const HINTS: Record<string, ExampleHints> = { [VISIONFIT_NAME]: VISIONFIT_EXAMPLE_HINTS };
const NO_HINTS: ExampleHints = { overTime: {}, context: {} };

function describe(name: string): BuiltInGenerator | null {
  const generator = findGenerator(name);
  if (!generator) return null;
  const { version, description, options } = generator.spec;
  return { version, description, preview: options.preview, hints: HINTS[name] ?? NO_HINTS };
}

async function render(name: string, values: ParamValues): Promise<Uint8Array> {
  const generator = findGenerator(name);
  if (!generator) throw new Error(`No built-in generator named "${name}".`);
  // The caller always names `state`, so an example is the same frame every time it is drawn.
  const resolved = resolveParams(generator, values, () => {
    throw new Error("An example needs a fixed state.");
  });
  if (!resolved.ok) throw new Error(`Example values refused: ${Object.entries(resolved.errors).map(([k, v]) => `${k} ${v}`).join("; ")}`);
  const outDir = path.join(getEngineConfig().tmpDir, `example-${randomBytes(6).toString("hex")}`);
  await mkdir(outDir, { recursive: true });
  try {
    await renderInPool(
      generator.renderModule,
      { jobId: "example", params: resolved.params, isPreview: true, outDir, ffmpegPath: ffmpegPath() },
      () => undefined,
      AbortSignal.timeout(EXAMPLE_TIMEOUT_MS),
    );
    return await readFile(path.join(outDir, "video_preview.png"));
  } finally {
    await rm(outDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function exposeExampleRenderer(): void {
  const renderer: ExampleRenderer = { describe, render };
  (globalThis as unknown as Record<symbol, unknown>)[SLOT] = renderer;
}
