/**
 * Labels agree with the pixels and the geometry, over every exercise and every scene with
 * seeded random cameras, avatars and image sizes (including non-square and odd sizes).
 */
import { afterAll, describe, expect, it } from "vitest";
import { EXERCISES, SCENES } from "@/lib/engine/generators/visionfit/params";
import { frameCount } from "@/lib/engine/generators/visionfit";
import { Rng } from "@/lib/engine/generators/visionfit/rng";
import { type Job, type Raw, STATE, cleanupAll, masks, project, render } from "./helpers";

afterAll(cleanupAll);

function maskStats(m: Raw) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1,
    n = 0;
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++) {
      const v = m.data[(y * m.width + x) * m.channels]!;
      expect(v === 0 || v === 255).toBe(true);
      if (!v) continue;
      n++;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return { bbox: n ? [x0, y0, x1 - x0 + 1, y1 - y0 + 1] : [0, 0, 0, 0], area: n };
}

async function checkJob(job: Job) {
  const { labels } = job;
  const info = labels.info;
  const K = info.camera_K_matrix,
    RT = info.camera_RT_matrix,
    P = info.camera_P_matrix;
  expect(K).toHaveLength(3);
  expect(RT).toHaveLength(3);
  expect(RT[0]).toHaveLength(4);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 4; j++) {
      const kr = K[i]![0]! * RT[0]![j]! + K[i]![1]! * RT[1]![j]! + K[i]![2]! * RT[2]![j]!;
      expect(Math.abs(kr - P[i]![j]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(kr)));
    }
  for (const key of ["camera_location", "camera_height", "camera_pitch", "camera_yaw", "avatar_location", "avatar_yaw", "avatar_gender", "avatar_identity", "avatar_outfit", "scene_id", "generator_name", "generator_version", "creation_time"])
    expect(info).toHaveProperty(key);
  expect(labels.categories[0]!.id).toBe(0);
  expect(labels.categories[0]!.name).toBe("person");
  expect(labels.categories[0]!.keypoints).toHaveLength(17);
  expect(labels.categories[0]!.skeleton.length).toBeGreaterThan(10);
  expect(labels.annotations).toHaveLength(labels.images.length);

  const ms = await masks(job);
  let onScreen = 0;
  for (const [f, ann] of labels.annotations.entries()) {
    const img = labels.images[f]!;
    const m = ms[f]!;
    expect(ann.image_id).toBe(img.id);
    expect(img.frame_number).toBe(f);
    expect(m.iseg.channels).toBe(1);
    expect([m.iseg.width, m.iseg.height]).toEqual([img.width, img.height]);
    expect(Buffer.compare(m.iseg.data, m.cseg.data)).toBe(0);
    const s = maskStats(m.iseg);
    expect(ann.bbox).toEqual(s.bbox);
    expect(ann.area).toBe(s.area);
    if (s.area > 0) onScreen++;
    expect(ann.keypoints).toHaveLength(51);
    expect(ann.keypoints_3d).toHaveLength(51);
    expect(ann.cuboid_coordinates).toHaveLength(8);
    expect(ann.percent_in_fov).toBeGreaterThanOrEqual(0);
    expect(ann.percent_in_fov).toBeLessThanOrEqual(100);
    expect(ann.percent_occlusion).toBeGreaterThanOrEqual(0);
    expect(ann.percent_occlusion).toBeLessThanOrEqual(100);
    let counted = 0;
    for (let k = 0; k < 17; k++) {
      const [x, y, v] = ann.keypoints.slice(k * 3, k * 3 + 3) as [number, number, number];
      const [px, py] = project(P, ann.keypoints_3d.slice(k * 3, k * 3 + 3));
      expect(Math.abs(px - x)).toBeLessThan(0.5);
      expect(Math.abs(py - y)).toBeLessThan(0.5);
      const inside = x >= 0 && y >= 0 && x < img.width && y < img.height;
      if (v === 0) expect(inside).toBe(false);
      if (v > 0) {
        counted++;
        expect(inside).toBe(true);
      }
      if (v === 2) expect(m.iseg.data[Math.floor(y) * img.width + Math.floor(x)]).toBe(255);
    }
    expect(ann.num_keypoints).toBe(counted);
    // Polygons stay inside the bbox (pixel-corner coordinates).
    for (const poly of ann.segmentation) {
      expect(poly.length % 2).toBe(0);
      expect(poly.length).toBeGreaterThanOrEqual(6);
      for (let i = 0; i < poly.length; i += 2) {
        expect(poly[i]).toBeGreaterThanOrEqual(ann.bbox[0]!);
        expect(poly[i]).toBeLessThanOrEqual(ann.bbox[0]! + ann.bbox[2]!);
        expect(poly[i + 1]).toBeGreaterThanOrEqual(ann.bbox[1]!);
        expect(poly[i + 1]).toBeLessThanOrEqual(ann.bbox[1]! + ann.bbox[3]!);
      }
    }
    if (s.area > 0) expect(ann.segmentation.length).toBeGreaterThan(0);
  }
  return onScreen;
}

describe("labels match pixels and geometry", () => {
  const rng = new Rng("visionfit-label-tests");
  const cases = EXERCISES.map((exercise, i) => ({
    exercise,
    scene: SCENES[i % SCENES.length]!,
    gender: rng.pick(["MALE", "FEMALE"]),
    camera_distance: rng.range(1.5, 5),
    camera_height: rng.range(0.2, 2.5),
    relative_camera_yaw_deg: rng.range(-15, 15),
    relative_camera_pitch_deg: rng.range(-10, 10),
    relative_avatar_angle_deg: rng.range(-180, 180),
    avatar_identity: rng.int(25),
    relative_height: rng.range(-2, 2),
    relative_weight: rng.range(-2, 2),
    outfit: rng.int(6) - 1,
    lighting_power: rng.range(10, 1000),
    allowable_occlusion: rng.range(0, 60),
    add_wall_art: rng.bool(),
    enable_sensor_noise: rng.bool(),
    image_width: 128 + rng.int(65),
    image_height: 128 + rng.int(65),
    state: `00000000-0000-4000-8000-${String(500 + i).padStart(12, "0")}`,
  }));

  it.each(cases)("preview $exercise in $scene", async (params) => {
    const job = await render(params);
    expect(job.frames).toBe(1);
    expect(job.labels.images).toHaveLength(1);
    expect([job.labels.images[0]!.width, job.labels.images[0]!.height]).toEqual([params.image_width, params.image_height]);
    await checkJob(job);
  });

  it("every frame of a short video job, odd image size", async () => {
    const params = { exercise: "BURPEE", scene: "LIVINGROOM_1", frame_rate: 8, num_reps: 1, rel_baseline_speed: 2, image_width: 151, image_height: 129, camera_distance: 2.4, relative_avatar_angle_deg: 75, state: STATE };
    const job = await render(params, false);
    expect(job.labels.images).toHaveLength(frameCount(params, false));
    const onScreen = await checkJob(job);
    expect(onScreen).toBe(job.labels.images.length);
    const counts = job.labels.images.map((i) => i.rep_count_from_start);
    expect(counts[0]).toBe(0);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts[counts.length - 1]!).toBeGreaterThan(0.8);
    expect(counts[counts.length - 1]!).toBeLessThanOrEqual(1);
  });
});
