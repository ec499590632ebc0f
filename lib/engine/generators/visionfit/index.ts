/**
 * visionfit-flagship-v0.1.0: the engine's reference generator. `frameCount` is cheap (used by
 * the estimate endpoint); `renderJob` loads the renderer lazily so importing this module for
 * the registry does not pull in sharp, yazl or the rendering code.
 */
import type { ParamValues, RenderProgress, RenderRequest, RenderResult } from "../types";
import { resolveVisionfitParams } from "./params";
import { timelineFor } from "./plan-timeline";

export { VISIONFIT_SPEC, VISIONFIT_NAME, VISIONFIT_VERSION } from "./params";

/** Seed used to estimate a job whose `state` has not been drawn yet. */
const NOMINAL_STATE = "00000000-0000-4000-8000-000000000000";

/**
 * Exactly the number of frames renderJob will write (1 for a preview). The count depends on
 * `state` (per-rep speed changes, rests, pauses); without one, a nominal seed gives an estimate.
 */
export function frameCount(params: ParamValues, isPreview: boolean): number {
  if (isPreview) return 1;
  return timelineFor(resolveVisionfitParams({ ...params, state: params.state ?? NOMINAL_STATE })).frames;
}

export async function renderJob(req: RenderRequest, onProgress?: (p: RenderProgress) => void, signal?: AbortSignal): Promise<RenderResult> {
  const { render } = await import("./render");
  return render(req, onProgress, signal);
}
