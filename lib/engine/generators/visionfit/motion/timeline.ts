/**
 * When each rep happens: per-rep speed (a random walk bounded by max_rel_speed_change), holds
 * inside reps (add_pauses) and rests between reps. The same timeline drives frameCount and the
 * renderer, so the estimate always equals the rendered frame count.
 */
import { Rng } from "../rng";

export interface TimelineParams {
  num_reps: number;
  rel_baseline_speed: number;
  max_rel_speed_change: number;
  inter_rep_delay_avg: number;
  inter_rep_delay_var: number;
  add_pauses: boolean;
  frame_rate: number;
  state: string;
}

interface Rep {
  start: number;
  /** Motion time of the rep (duration / speed). */
  motion: number;
  pauseAt: number;
  pause: number;
  /** Rest after the rep. */
  rest: number;
}

export interface Timeline {
  reps: Rep[];
  total: number;
  frames: number;
}

export interface Moment {
  /** Completed reps. */
  rep: number;
  /** Phase of the current rep in [0, 1] (0 while resting). */
  phase: number;
  /** Completed reps plus the fraction of the current one. */
  count: number;
}

export function buildTimeline(p: TimelineParams, repDuration: number): Timeline {
  const rng = new Rng(`${p.state}/timeline`);
  const reps: Rep[] = [];
  let speed = p.rel_baseline_speed;
  let t = 0;
  const pauses: boolean[] = [];
  for (let i = 0; i < p.num_reps; i++) {
    // Draw every value every rep so one option never shifts another's draws.
    const change = rng.range(-1, 1);
    const pauseDraw = rng.next();
    const pauseAt = rng.range(0.3, 0.7);
    const pauseLen = rng.range(0.4, 1.2);
    const z = rng.normal();
    if (i > 0) speed = Math.min(4, Math.max(0.2, speed * (1 + p.max_rel_speed_change * change)));
    pauses.push(pauseDraw < 0.5);
    const rest = i < p.num_reps - 1 ? Math.max(0, p.inter_rep_delay_avg + Math.sqrt(p.inter_rep_delay_var) * z) : 0;
    reps.push({ start: 0, motion: repDuration / speed, pauseAt, pause: pauseLen, rest });
  }
  // add_pauses holds in about half the reps, and always in at least one.
  if (p.add_pauses && !pauses.some(Boolean)) pauses[0] = true;
  for (let i = 0; i < reps.length; i++) {
    const r = reps[i]!;
    if (!p.add_pauses || !pauses[i]) r.pause = 0;
    r.start = t;
    t += r.motion + r.pause + r.rest;
  }
  const total = t;
  return { reps, total, frames: Math.floor(total * p.frame_rate + 1e-6) + 1 };
}

/** Rep and phase at a time in seconds. */
export function momentAt(tl: Timeline, time: number): Moment {
  for (let i = 0; i < tl.reps.length; i++) {
    const r = tl.reps[i]!;
    const local = time - r.start;
    const active = r.motion + r.pause;
    if (local < active || i === tl.reps.length - 1) {
      if (local >= active) return { rep: i + 1, phase: 0, count: i + 1 };
      const hold = r.pauseAt * r.motion;
      const m = local < hold ? local : local < hold + r.pause ? hold : local - r.pause;
      const phase = Math.min(1, Math.max(0, m / r.motion));
      return { rep: i, phase, count: i + phase };
    }
    if (local < active + r.rest) return { rep: i + 1, phase: 0, count: i + 1 };
  }
  return { rep: tl.reps.length, phase: 0, count: tl.reps.length };
}
