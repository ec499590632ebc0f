/** Fixed and Default modes, and the per-job state seed. */
import { describe, expect, it } from "vitest";
import { jobStateUuid } from "@/lib/generation/prng";
import { spec, SEED, UUID_V4, sample, column } from "./helpers";

describe("Fixed and Default", () => {
  it("Default writes the generator's default into every job and a seed per job into state", () => {
    const jobs = sample({}, { jobCount: 50 });
    const defaults = Object.fromEntries(spec.params.filter((p) => p.name !== "state").map((p) => [p.name, p.default_value]));
    for (const job of jobs) {
      expect(Object.keys(job)).toEqual(spec.params.map((p) => p.name));
      expect({ ...job, state: undefined }).toEqual({ ...defaults, state: undefined });
      expect(job.state).toMatch(UUID_V4);
    }
    expect(new Set(column(jobs, "state")).size).toBe(50);
    expect(jobs[3]!.state).toBe(jobStateUuid(SEED, 3));
  });

  it("Fixed writes exactly the value given (a UUID lowercased, as the engine stores it)", () => {
    const jobs = sample(
      {
        num_reps: { mode: "fixed", value: 3 },
        lighting_power: { mode: "fixed", value: 123.456789 },
        exercise: { mode: "fixed", value: "BICEP_CURL" },
        add_socks: { mode: "fixed", value: true },
        state: { mode: "fixed", value: "3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C" },
      },
      { jobCount: 20 },
    );
    for (const job of jobs) {
      expect(job).toMatchObject({ num_reps: 3, lighting_power: 123.456789, exercise: "BICEP_CURL", add_socks: true, state: "3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c" });
    }
  });
});
