/** Building blocks: kinematics, contacts, camera, polygons, timeline, randomness. */
import { describe, expect, it } from "vitest";
import { resolveLook } from "@/lib/engine/generators/visionfit/appearance";
import { PART, buildBody, primMinY } from "@/lib/engine/generators/visionfit/body";
import { makeCamera, project } from "@/lib/engine/generators/visionfit/camera";
import { EXERCISE_DEFS, compile, sample, toPose } from "@/lib/engine/generators/visionfit/motion";
import { buildTimeline, momentAt } from "@/lib/engine/generators/visionfit/motion/timeline";
import { STANDING } from "@/lib/engine/generators/visionfit/motion/types";
import { EXERCISES } from "@/lib/engine/generators/visionfit/params";
import { maskPolygons } from "@/lib/engine/generators/visionfit/polygon";
import { Rng } from "@/lib/engine/generators/visionfit/rng";
import { J, bodyShape, forwardKinematics } from "@/lib/engine/generators/visionfit/skeleton";
import { solvePose } from "@/lib/engine/generators/visionfit/solve";

const look = resolveLook({ gender: "MALE", avatar_identity: 0, randomize_skin_tone: false, outfit: 0, hide_shoes: false, add_socks: false, state: "x" }, new Rng("x"));
const shape = bodyShape(false, 0, 0, { shoulder: 1, hip: 1, leg: 1, head: 1, girth: 1 });

describe("skeleton", () => {
  it("stands about as tall as its height, left side on +x", () => {
    const { sk, prims } = solvePose(shape, look, STANDING, "feet");
    const top = Math.max(...prims.map((q) => (q.kind === 0 ? q.c[1] + Math.hypot(q.axes[3], q.axes[4], q.axes[5]) : Math.max(q.a[1] + q.ra, q.b[1] + q.rb))));
    expect(top).toBeGreaterThan(1.7);
    expect(top).toBeLessThan(1.82);
    expect(Math.min(...prims.map(primMinY))).toBeCloseTo(0.002, 3);
    expect(sk.p[J.L_SHOULDER]![0]).toBeGreaterThan(0);
    expect(sk.p[J.R_SHOULDER]![0]).toBeLessThan(0);
    expect(sk.p[J.NOSE]![2]).toBeGreaterThan(sk.p[J.HEAD]![2]);
  });

  it("hip flexion lifts the knee forward, knee flexion swings the shin back", () => {
    const sk = forwardKinematics(shape, { ...STANDING, lHipFlex: 90, lKnee: 90, lFlat: 0 });
    const hip = sk.p[J.L_HIP]!,
      knee = sk.p[J.L_KNEE]!,
      ankle = sk.p[J.L_ANKLE]!;
    expect(knee[2] - hip[2]).toBeCloseTo(shape.thigh, 2);
    expect(knee[1]).toBeCloseTo(hip[1], 2);
    expect(ankle[1]).toBeCloseTo(knee[1] - shape.shin, 2);
  });

  it("taller and heavier settings scale lengths and girth", () => {
    const tall = bodyShape(false, 3, 0, { shoulder: 1, hip: 1, leg: 1, head: 1, girth: 1 });
    const heavy = bodyShape(false, 0, 3, { shoulder: 1, hip: 1, leg: 1, head: 1, girth: 1 });
    expect(tall.height).toBeCloseTo(1.76 + 0.21, 5);
    expect(tall.thigh).toBeGreaterThan(shape.thigh);
    expect(heavy.thighR[0]).toBeGreaterThan(shape.thighR[0] * 1.2);
    expect(heavy.abdomen[2]).toBeGreaterThan(shape.abdomen[2] * 1.3);
  });

  it.each(EXERCISES)("%s keeps the body on the floor and never below it", (name) => {
    const track = compile(EXERCISE_DEFS[name]!);
    for (let ph = 0; ph <= 1; ph += 0.05) {
      const pose = toPose(sample(track, ph));
      const { prims } = solvePose(shape, look, pose, EXERCISE_DEFS[name]!.support);
      const lowest = Math.min(...prims.map(primMinY));
      expect(lowest).toBeGreaterThan(-0.005);
      if (pose.lift === 0) expect(lowest).toBeLessThan(0.01);
    }
  });

  it("-LEFT / -RIGHT exercises use that side", () => {
    const at = (name: string, ph: number) => solvePose(shape, look, toPose(sample(compile(EXERCISE_DEFS[name]!), ph)), "feet").sk.p;
    // The leading foot of a lunge is ahead (+z) of the other.
    expect(at("LUNGE-LEFT", 0.5)[J.L_ANKLE]![2] - at("LUNGE-LEFT", 0.5)[J.R_ANKLE]![2]).toBeGreaterThan(0.4);
    expect(at("LUNGE-RIGHT", 0.5)[J.R_ANKLE]![2] - at("LUNGE-RIGHT", 0.5)[J.L_ANKLE]![2]).toBeGreaterThan(0.4);
    // The punching fist rises above the guarding one.
    expect(at("UPPERCUT-LEFT", 0.55)[J.L_WRIST]![1]).toBeGreaterThan(at("UPPERCUT-LEFT", 0.55)[J.R_WRIST]![1]);
    expect(at("UPPERCUT-RIGHT", 0.55)[J.R_WRIST]![1]).toBeGreaterThan(at("UPPERCUT-RIGHT", 0.55)[J.L_WRIST]![1]);
    // High knees: the left knee leads, then the right.
    expect(at("HIGH_KNEES", 0.25)[J.L_KNEE]![1]).toBeGreaterThan(at("HIGH_KNEES", 0.25)[J.R_KNEE]![1] + 0.25);
    expect(at("HIGH_KNEES", 0.75)[J.R_KNEE]![1]).toBeGreaterThan(at("HIGH_KNEES", 0.75)[J.L_KNEE]![1] + 0.25);
  });

  it("poses are distinct: squat lowers the hips, arm raise lifts the wrists, sit-up lies down", () => {
    const at = (name: string, ph: number) => solvePose(shape, look, toPose(sample(compile(EXERCISE_DEFS[name]!), ph)), EXERCISE_DEFS[name]!.support).sk.p;
    expect(at("SQUAT", 0.5)[J.PELVIS]![1]).toBeLessThan(at("SQUAT", 0)[J.PELVIS]![1] - 0.3);
    expect(at("ARM_RAISE", 0.5)[J.L_WRIST]![1]).toBeGreaterThan(at("ARM_RAISE", 0.5)[J.HEAD]![1]);
    expect(at("SIT_UP", 0)[J.HEAD]![1]).toBeLessThan(0.3);
    expect(at("SIT_UP", 0.5)[J.HEAD]![1]).toBeGreaterThan(0.6);
    expect(at("BICEP_CURL", 0.5)[J.L_WRIST]![1]).toBeGreaterThan(at("BICEP_CURL", 0.5)[J.L_ELBOW]![1] + 0.1);
    expect(at("JUMPING_JACKS", 0.5)[J.L_ANKLE]![0] - at("JUMPING_JACKS", 0.5)[J.R_ANKLE]![0]).toBeGreaterThan(0.4);
    expect(at("PUSHUP", 0.5)[J.CHEST]![1]).toBeLessThan(at("PUSHUP", 0)[J.CHEST]![1] - 0.1);
  });

  it("a push-up plank has hands and feet on the floor", () => {
    const pose = toPose(sample(compile(EXERCISE_DEFS.PUSHUP!), 0));
    const { prims } = solvePose(shape, look, pose, "feet");
    const min = (parts: number[]) => Math.min(...prims.filter((q) => parts.includes(q.part)).map(primMinY));
    expect(min([PART.L_HAND, PART.R_HAND])).toBeLessThan(0.01);
    expect(min([PART.L_FOOT, PART.R_FOOT])).toBeLessThan(0.01);
    const head = prims.find((q) => q.part === PART.HEAD)!;
    expect(head.kind === 0 && head.c[1]).toBeLessThan(0.8);
  });

  it("the body has volume: every primitive has positive size", () => {
    const prims = buildBody(shape, look, forwardKinematics(shape, STANDING));
    const optional: number[] = [PART.HAIR, PART.ABDOMEN, PART.BUST];
    const parts = new Set(prims.map((q) => q.part));
    for (const part of Object.values(PART)) if (!optional.includes(part)) expect(parts.has(part)).toBe(true);
    for (const q of prims) {
      if (q.kind === 1) expect(Math.min(q.ra, q.rb)).toBeGreaterThan(0.01);
      else expect(Math.abs(q.axes[0] * (q.axes[4] * q.axes[8] - q.axes[5] * q.axes[7]))).toBeGreaterThan(0);
    }
  });
});

describe("camera", () => {
  it("looks at its target through the image centre; P = K·[R|t]", () => {
    const cam = makeCamera({ width: 200, height: 100, position: [0, 1, 3], target: [0, 1, 0], relYawDeg: 0, relPitchDeg: 0 });
    const [u, v, w] = project(cam, [0, 1, 0]);
    expect(u).toBeCloseTo(100, 6);
    expect(v).toBeCloseTo(50, 6);
    expect(w).toBeCloseTo(3, 6);
    // World +y is up in the image (smaller v), world -x is left of the camera looking down -z.
    expect(project(cam, [0, 1.5, 0])[1]).toBeLessThan(50);
    expect(project(cam, [-0.5, 1, 0])[0]).toBeLessThan(100);
    expect(cam.yawDeg).toBeCloseTo(0, 6);
    const fov = (2 * Math.atan(50 / cam.f) * 180) / Math.PI;
    expect(fov).toBeCloseTo(55, 6);
  });
});

describe("polygons", () => {
  it("trace a shape along pixel edges; the enclosed area equals the pixel count", () => {
    const W = 20,
      H = 16;
    const mask = new Uint8Array(W * H);
    const set = (x: number, y: number) => (mask[y * W + x] = 255);
    for (let y = 3; y < 12; y++) for (let x = 4; x < 15; x++) if ((x - 9) ** 2 + (y - 7) ** 2 < 20 || x < 7) set(x, y);
    set(18, 15);
    let n = 0;
    for (const v of mask) if (v) n++;
    const polys = maskPolygons(mask, W, H, [4, 3, 18, 15], 0);
    expect(polys).toHaveLength(2);
    const area = (p: number[]) => {
      let a = 0;
      for (let i = 0; i < p.length; i += 2) {
        const j = (i + 2) % p.length;
        a += p[i]! * p[j + 1]! - p[j]! * p[i + 1]!;
      }
      return Math.abs(a) / 2;
    };
    expect(polys.map(area).reduce((a, b) => a + b, 0)).toBe(n);
    const corners = (p: number[]) => Array.from({ length: p.length / 2 }, (_, i) => `${p[2 * i]},${p[2 * i + 1]}`).sort();
    expect(corners(polys[1]!)).toEqual(["18,15", "18,16", "19,15", "19,16"]);
  });
});

describe("timeline", () => {
  it("counts reps, holds during pauses and rests between reps", () => {
    const tl = buildTimeline({ num_reps: 3, rel_baseline_speed: 1, max_rel_speed_change: 0, inter_rep_delay_avg: 1, inter_rep_delay_var: 0, add_pauses: false, frame_rate: 10, state: "s" }, 2);
    expect(tl.total).toBeCloseTo(3 * 2 + 2 * 1, 9);
    expect(tl.frames).toBe(81);
    expect(momentAt(tl, 1).count).toBeCloseTo(0.5, 9);
    expect(momentAt(tl, 2.5).count).toBe(1);
    expect(momentAt(tl, 4).count).toBeCloseTo(1.5, 9);
    expect(momentAt(tl, 8).count).toBe(3);
  });
});

describe("rng", () => {
  it("is deterministic per seed and roughly uniform", () => {
    const a = new Rng("seed"),
      b = new Rng("seed"),
      c = new Rng("other");
    const xs = Array.from({ length: 2000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs[0]).not.toBe(c.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
  });
});
