/** Same parameters and state → same bytes of labels and same pixels; another state → different. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { frameCount } from "@/lib/engine/generators/visionfit";
import { STATE, cleanupAll, diffCount, preview, render, unzip } from "./helpers";

afterAll(cleanupAll);

const BASE = { exercise: "LUNGE-LEFT", scene: "LIVINGROOM_2", outfit: -1, randomize_skin_tone: true, enable_sensor_noise: true, add_wall_art: true, add_pauses: true, kinematic_noise_factor: 1.5, image_width: 144, image_height: 128 };

describe("determinism", () => {
  it("a preview repeats exactly", async () => {
    const a = await render(BASE);
    const b = await render(BASE);
    expect(a.labelsText).toBe(b.labelsText);
    const pa = await preview(a),
      pb = await preview(b);
    expect(Buffer.compare(pa.data, pb.data)).toBe(0);
    expect(readFileSync(path.join(a.dir, "job.json"), "utf8")).toBe(readFileSync(path.join(b.dir, "job.json"), "utf8"));
    expect(readFileSync(path.join(a.dir, "segmentation.zip")).equals(readFileSync(path.join(b.dir, "segmentation.zip")))).toBe(true);
  });

  it("a short video job repeats exactly", async () => {
    const params = { ...BASE, num_reps: 2, frame_rate: 6, rel_baseline_speed: 2, max_rel_speed_change: 0.5, inter_rep_delay_avg: 0.5, inter_rep_delay_var: 0.3 };
    const a = await render(params, false);
    const b = await render(params, false);
    expect(a.frames).toBe(b.frames);
    expect(a.frames).toBe(frameCount({ ...params, state: STATE }, false));
    expect(a.labelsText).toBe(b.labelsText);
    const za = await unzip(path.join(a.dir, "segmentation.zip"));
    const zb = await unzip(path.join(b.dir, "segmentation.zip"));
    expect([...za.keys()]).toEqual([...zb.keys()]);
    expect(za.size).toBe(2 * a.frames);
    for (const [k, v] of za) expect(v.equals(zb.get(k)!)).toBe(true);
  });

  it("another state gives another job", async () => {
    const a = await render(BASE);
    const b = await render({ ...BASE, state: "9d7c1f0e-5b3a-4e2d-8c1b-0a9f8e7d6c5b" });
    expect(a.labelsText).not.toBe(b.labelsText);
    const pa = await preview(a),
      pb = await preview(b);
    expect(diffCount(pa, pb)).toBeGreaterThan(1000);
  });

  it("job.json records the resolved parameters", async () => {
    const a = await render({ exercise: "SQUAT" });
    const job = JSON.parse(readFileSync(path.join(a.dir, "job.json"), "utf8"));
    expect(job.name).toBe("visionfit-flagship-v0.1.0");
    expect(job.params.exercise).toBe("SQUAT");
    expect(job.params.scene).toBe("BEDROOM_2");
    expect(job.params.state).toBe(STATE);
    expect(job.params.lighting_power).toBe(100);
    expect(Object.keys(job.params)).toHaveLength(31);
    expect(a.labels.info.creation_time).toBe("2024-01-01T00:00:00+00:00");
  });
});
