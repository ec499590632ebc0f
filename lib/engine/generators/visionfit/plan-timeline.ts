/** The job's timeline from its parameters (shared by frameCount and the renderer). */
import { exerciseDef } from "./motion";
import { type Timeline, buildTimeline } from "./motion/timeline";
import type { VisionfitParams } from "./params";

export function timelineFor(p: VisionfitParams): Timeline {
  return buildTimeline(p, exerciseDef(p.exercise).duration);
}
