/**
 * Every parameter changes the output the way its name says. Each case renders small previews
 * that differ in that one parameter only.
 */
import { afterAll, describe, expect, it } from "vitest";
import { frameCount } from "@/lib/engine/generators/visionfit";
import { VISIONFIT_PARAMS } from "@/lib/engine/generators/visionfit/params";
import { type Job, STATE, cleanupAll, diffCount, masks, meanRGB, preview, render } from "./helpers";

afterAll(cleanupAll);

type P = Record<string, string | number | boolean>;
const BASE: P = { exercise: "SQUAT", scene: "BEDROOM_2", image_width: 128, image_height: 128 };
const ann = (j: Job) => j.labels.annotations[0]!;
const kp = (j: Job) => ann(j).keypoints;
const meanX = (j: Job) => kp(j).filter((_, i) => i % 3 === 0).reduce((a, b) => a + b, 0) / 17;
const meanY = (j: Job) => kp(j).filter((_, i) => i % 3 === 1).reduce((a, b) => a + b, 0) / 17;
const fc = (p: P) => frameCount({ ...BASE, state: STATE, ...p }, false);

async function pair(a: P, b: P): Promise<[Job, Job]> {
  return [await render({ ...BASE, ...a }), await render({ ...BASE, ...b })];
}

/** Pixels that are background (not the person) in both jobs. */
async function backgroundOf(a: Job, b: Job): Promise<(i: number) => boolean> {
  const [ma] = await masks(a);
  const [mb] = await masks(b);
  return (i) => ma!.iseg.data[i] === 0 && mb!.iseg.data[i] === 0;
}

async function personOf(j: Job): Promise<(i: number) => boolean> {
  const [m] = await masks(j);
  return (i) => m!.iseg.data[i] === 255;
}

const covered = new Set<string>();
const param = (name: string, fn: () => Promise<void> | void) =>
  it(name, async () => {
    covered.add(name);
    await fn();
  });

describe("each parameter changes the output as named", () => {
  param("scene", async () => {
    const [a, b] = await pair({ scene: "BEDROOM_2" }, { scene: "GYM_1" });
    const bg = await backgroundOf(a, b);
    expect(Math.abs(meanRGB(await preview(a), bg) - meanRGB(await preview(b), bg))).toBeGreaterThan(10);
    expect(a.labels.info.scene_id).toBe("BEDROOM_2");
    expect(b.labels.info.scene_id).toBe("GYM_1");
  });

  param("exercise", async () => {
    const [a, b] = await pair({ exercise: "SQUAT" }, { exercise: "ARM_RAISE" });
    // Arms overhead: the wrists end up above the nose (smaller y).
    expect(kp(b)[9 * 3 + 1]!).toBeLessThan(kp(b)[1]!);
    expect(kp(a)[9 * 3 + 1]!).toBeGreaterThan(kp(a)[1]!);
    // Lying down for sit-ups: the box is wider than tall from the side.
    const c = await render({ ...BASE, exercise: "SIT_UP", relative_avatar_angle_deg: 90 });
    expect(ann(c).bbox[2]!).toBeGreaterThan(ann(c).bbox[3]!);
  });

  param("gender", async () => {
    const [a, b] = await pair({ gender: "MALE" }, { gender: "FEMALE" });
    expect(b.labels.info.avatar_gender).toBe("FEMALE");
    expect(Number(b.labels.info.avatar_height_m)).toBeLessThan(Number(a.labels.info.avatar_height_m));
    expect(diffCount(await preview(a), await preview(b))).toBeGreaterThan(200);
  });

  param("num_reps", () => {
    expect(fc({ num_reps: 5 })).toBeGreaterThan(fc({ num_reps: 2 }) * 2);
  });

  param("rel_baseline_speed", () => {
    expect(fc({ rel_baseline_speed: 2 })).toBeLessThan(fc({ rel_baseline_speed: 1 }) * 0.6);
    expect(fc({ rel_baseline_speed: 0.5 })).toBeGreaterThan(fc({ rel_baseline_speed: 1 }) * 1.8);
  });

  param("max_rel_speed_change", async () => {
    expect(fc({ num_reps: 5, max_rel_speed_change: 0.6 })).not.toBe(fc({ num_reps: 5 }));
    const a = await render({ ...BASE, num_reps: 3, frame_rate: 6 }, false);
    const b = await render({ ...BASE, num_reps: 3, frame_rate: 6, max_rel_speed_change: 0.6 }, false);
    expect(a.labels.images.map((i) => i.rep_count_from_start)).not.toEqual(b.labels.images.map((i) => i.rep_count_from_start));
  });

  param("kinematic_noise_factor", async () => {
    const [a, b] = await pair({ kinematic_noise_factor: 0 }, { kinematic_noise_factor: 2 });
    const d = ann(a).keypoints_3d.map((v, i) => Math.abs(v - ann(b).keypoints_3d[i]!));
    expect(Math.max(...d)).toBeGreaterThan(0.01);
  });

  param("inter_rep_delay_avg", () => {
    expect(fc({ num_reps: 4, inter_rep_delay_avg: 1.5 }) - fc({ num_reps: 4 })).toBeGreaterThanOrEqual(Math.floor(3 * 1.5 * 24) - 1);
  });

  param("inter_rep_delay_var", () => {
    const fixed = fc({ num_reps: 6, inter_rep_delay_avg: 1 });
    const varied = fc({ num_reps: 6, inter_rep_delay_avg: 1, inter_rep_delay_var: 1.5 });
    expect(varied).not.toBe(fixed);
  });

  param("add_pauses", async () => {
    expect(fc({ num_reps: 3, add_pauses: true })).toBeGreaterThan(fc({ num_reps: 3 }));
    // During a hold the rep count stands still.
    const j = await render({ ...BASE, num_reps: 2, add_pauses: true, frame_rate: 12 }, false);
    const counts = j.labels.images.map((i) => i.rep_count_from_start);
    const held = counts.some((c, i) => i > 0 && c === counts[i - 1] && c > 0 && c < 2 && c % 1 !== 0);
    expect(held).toBe(true);
  });

  param("camera_distance", async () => {
    const [near, far] = await pair({ camera_distance: 2 }, { camera_distance: 4.5 });
    expect(ann(far).area).toBeLessThan(ann(near).area * 0.5);
  });

  param("camera_height", async () => {
    const [low, high] = await pair({ camera_height: 0.3 }, { camera_height: 2.5 });
    expect(high.labels.info.camera_location[1]).toBe(2.5);
    expect(high.labels.info.camera_pitch).toBeLessThan(low.labels.info.camera_pitch - 20);
  });

  param("relative_camera_yaw_deg", async () => {
    const [a, b] = await pair({ relative_camera_yaw_deg: 0 }, { relative_camera_yaw_deg: 12 });
    // Turning the camera left moves the avatar right in the image.
    expect(meanX(b)).toBeGreaterThan(meanX(a) + 15);
  });

  param("relative_camera_pitch_deg", async () => {
    const [a, b] = await pair({ relative_camera_pitch_deg: 0 }, { relative_camera_pitch_deg: 12 });
    // Tilting up moves the avatar down in the image.
    expect(meanY(b)).toBeGreaterThan(meanY(a) + 15);
  });

  param("relative_avatar_angle_deg", async () => {
    const [front, back] = await pair({ relative_avatar_angle_deg: 0 }, { relative_avatar_angle_deg: 180 });
    expect(kp(front)[2]).toBe(2); // nose seen when facing the camera
    expect(kp(back)[2]).toBe(1); // hidden behind the head when facing away
    // Facing the camera, the avatar's left shoulder is on the image's right.
    expect(kp(front)[5 * 3]!).toBeGreaterThan(kp(front)[6 * 3]!);
    expect(kp(back)[5 * 3]!).toBeLessThan(kp(back)[6 * 3]!);
  });

  param("avatar_identity", async () => {
    const [a, b] = await pair({ avatar_identity: 0 }, { avatar_identity: 7 });
    expect(diffCount(await preview(a), await preview(b), await personOf(a))).toBeGreaterThan(100);
  });

  param("randomize_skin_tone", async () => {
    const [a, b] = await pair({ randomize_skin_tone: false }, { randomize_skin_tone: true });
    expect(diffCount(await preview(a), await preview(b), await personOf(a))).toBeGreaterThan(50);
    // Skin colour is appearance only: the labels stay the same.
    expect(a.labelsText).toBe(b.labelsText);
  });

  param("relative_height", async () => {
    const [short, tall] = await pair({ relative_height: -3, exercise: "BICEP_CURL" }, { relative_height: 3, exercise: "BICEP_CURL" });
    expect(ann(tall).bbox[3]!).toBeGreaterThan(ann(short).bbox[3]! * 1.1);
  });

  param("relative_weight", async () => {
    const [thin, heavy] = await pair({ relative_weight: -3, exercise: "BICEP_CURL" }, { relative_weight: 3, exercise: "BICEP_CURL" });
    expect(ann(heavy).area).toBeGreaterThan(ann(thin).area * 1.2);
  });

  param("outfit", async () => {
    const [a, b] = await pair({ outfit: 0 }, { outfit: 1 });
    expect(diffCount(await preview(a), await preview(b), await personOf(a))).toBeGreaterThan(200);
    const r = await render({ ...BASE, outfit: -1 });
    expect(r.labels.info.avatar_outfit).toBeGreaterThanOrEqual(0);
    expect(r.labels.info.avatar_outfit).toBeLessThanOrEqual(4);
    expect(b.labels.info.avatar_outfit).toBe(1);
  });

  param("hide_shoes", async () => {
    const [a, b] = await pair({ hide_shoes: false, camera_distance: 2 }, { hide_shoes: true, camera_distance: 2 });
    expect(diffCount(await preview(a), await preview(b))).toBeGreaterThan(20);
  });

  param("add_socks", async () => {
    const [a, b] = await pair({ hide_shoes: true, add_socks: false, camera_distance: 2 }, { hide_shoes: true, add_socks: true, camera_distance: 2 });
    expect(diffCount(await preview(a), await preview(b))).toBeGreaterThan(20);
  });

  param("lighting_power", async () => {
    const means: number[] = [];
    for (const lighting_power of [0, 10, 100, 1000, 2000]) means.push(meanRGB(await preview(await render({ ...BASE, lighting_power }))));
    expect(means[0]!).toBeLessThan(3);
    for (let i = 1; i < means.length; i++) expect(means[i]!).toBeGreaterThan(means[i - 1]!);
    expect(means[4]!).toBeGreaterThan(200);
  });

  param("add_wall_art", async () => {
    const [a, b] = await pair({ add_wall_art: false }, { add_wall_art: true });
    expect(Number(b.labels.info.wall_art)).toBeGreaterThan(0);
    expect(diffCount(await preview(a), await preview(b), await backgroundOf(a, b))).toBeGreaterThan(100);
  });

  param("wall_art_type", async () => {
    const [a, b] = await pair({ add_wall_art: true, wall_art_type: "non_human" }, { add_wall_art: true, wall_art_type: "misc_human" });
    expect(diffCount(await preview(a), await preview(b), await backgroundOf(a, b))).toBeGreaterThan(50);
  });

  param("allowable_occlusion", async () => {
    const scene = { scene: "GYM_1", camera_distance: 4.5, camera_height: 0.4 };
    const [strict, loose] = await pair({ ...scene, allowable_occlusion: 0 }, { ...scene, allowable_occlusion: 100 });
    expect(ann(loose).percent_occlusion).toBeGreaterThan(5);
    expect(ann(strict).percent_occlusion).toBeLessThan(1);
  });

  param("enable_sensor_noise", async () => {
    const [a, b] = await pair({ enable_sensor_noise: false }, { enable_sensor_noise: true });
    const pa = await preview(a),
      pb = await preview(b);
    expect(diffCount(pa, pb)).toBeGreaterThan(128 * 128);
    expect(Math.abs(meanRGB(pa) - meanRGB(pb))).toBeLessThan(3);
    expect(a.labels.annotations).toEqual(b.labels.annotations);
  });

  param("frame_rate", async () => {
    expect(fc({ frame_rate: 30 })).toBeGreaterThan(fc({ frame_rate: 6 }) * 4);
    const j = await render({ ...BASE, frame_rate: 8 }, false);
    expect(j.labels.info.frame_rate).toBe(8);
    expect(j.labels.images).toHaveLength(fc({ frame_rate: 8 }));
  });

  param("image_width", async () => {
    const [a, b] = await pair({ image_width: 128 }, { image_width: 256 });
    expect((await preview(b)).width).toBe(256);
    expect((await preview(a)).width).toBe(128);
    // Same vertical field of view: the person keeps its height, the view gets wider.
    expect(Math.abs(ann(a).bbox[3]! - ann(b).bbox[3]!)).toBeLessThanOrEqual(2);
  });

  param("image_height", async () => {
    const [a, b] = await pair({ image_height: 128 }, { image_height: 192 });
    expect((await preview(b)).height).toBe(192);
    expect(ann(b).bbox[3]!).toBeGreaterThan(ann(a).bbox[3]! * 1.3);
  });

  param("state", async () => {
    const [a, b] = await pair({}, { state: "0f0e0d0c-0b0a-4908-8706-050403020100" });
    expect(a.labelsText).not.toBe(b.labelsText);
  });

  it("covers every parameter", () => {
    expect([...covered].sort()).toEqual(VISIONFIT_PARAMS.map((p) => p.name).sort());
  });
});
