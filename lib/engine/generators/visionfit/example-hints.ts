import type { ParamValues } from "../types";

/**
 * What a documentation page needs to know to show VisionFit's parameters on single preview
 * frames. A preview is one frame at the most telling moment of the first rep, so parameters
 * that only change the motion over time look the same at every value; and some parameters
 * only show when another one is switched on.
 */
export const VISIONFIT_EXAMPLE_HINTS = {
  /** Parameter → why a single frame cannot show it. */
  overTime: {
    num_reps: "It changes how many repetitions the video holds; a single preview frame shows the first one.",
    rel_baseline_speed: "It changes how fast the motion plays; a single frame cannot show speed.",
    max_rel_speed_change: "It changes the speed from one repetition to the next; a single frame cannot show it.",
    inter_rep_delay_avg: "It adds rest between repetitions; a single preview frame shows the first repetition.",
    inter_rep_delay_var: "It varies the rest between repetitions; a single preview frame shows the first repetition.",
    add_pauses: "It adds holds inside repetitions; a single frame cannot show a hold.",
    frame_rate: "It changes how many frames a second the video has; every frame looks alike.",
  } as Record<string, string>,
  /**
   * Parameter → other values that make its effect show, in a frame (wall art only shows when it
   * is on) or in the video's length.
   */
  context: {
    wall_art_type: { add_wall_art: true },
    add_socks: { hide_shoes: true },
    // With the default single repetition there is no "between repetitions" to change.
    max_rel_speed_change: { num_reps: 5 },
    inter_rep_delay_avg: { num_reps: 5 },
    inter_rep_delay_var: { num_reps: 5, inter_rep_delay_avg: 1 },
  } as Record<string, ParamValues>,
};
