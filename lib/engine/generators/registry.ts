import type { GeneratorSpec, ParamValues } from "./types";
import { VISIONFIT_SPEC } from "./visionfit/params";
import { frameCount as visionfitFrameCount } from "./visionfit";

export interface Generator {
  spec: GeneratorSpec;
  /** Frames the job will render (1 for a preview); the estimate endpoint's answer. */
  frameCount(params: ParamValues, isPreview: boolean): number;
  /** Module the render worker imports (relative to lib/engine/generators/) to run a job. */
  renderModule: string;
}

const GENERATORS: Generator[] = [{ spec: VISIONFIT_SPEC, frameCount: visionfitFrameCount, renderModule: "visionfit/index.ts" }];

const byName = new Map(GENERATORS.map((g) => [g.spec.name, g]));

export function listGenerators(): Generator[] {
  return GENERATORS;
}

export function findGenerator(name: string): Generator | undefined {
  return byName.get(name);
}
