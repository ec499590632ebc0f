import { describe, expect, it } from "vitest";
import { firstName, shareSummary } from "@/components/share/share-summary";

const batch = { generator: "visionfit-flagship-v0.1.0", jobCount: 40, kind: "preview" as const };
const counts = { queued: 10, running: 2, succeeded: 25, failed: 3, canceled: 0 };

describe("the shared report's one-line summary", () => {
  it("says what the batch is and how far it got, leaving out empty states", () => {
    const status = { submission: "submitted" as const, failureReason: null, upstreamProblem: null, final: false, progress: { total: 40, counts, done: false, fraction: 0.7, etaSeconds: 30, startedAt: null, finishedAt: null } };
    expect(shareSummary(batch, status)).toBe("40 preview jobs of visionfit-flagship-v0.1.0 · 70% done, 25 succeeded, 3 failed, 2 running, 10 queued");
  });

  it("speaks of one job in the singular, and of batches that never reached the API", () => {
    const one = { ...batch, jobCount: 1, kind: "video" as const };
    expect(shareSummary(one, { submission: "failed_to_submit", failureReason: "x", progress: null, upstreamProblem: null, final: true })).toBe("1 video job of visionfit-flagship-v0.1.0 · could not be submitted");
    expect(shareSummary(one, { submission: "submitting", failureReason: null, progress: null, upstreamProblem: null, final: false })).toBe("1 video job of visionfit-flagship-v0.1.0 · being submitted");
  });

  it("shows a first name at most", () => {
    expect(firstName("Sam  Sharewell")).toBe("Sam");
    expect(firstName("  Cher ")).toBe("Cher");
    expect(firstName("")).toBeNull();
    expect(firstName(null)).toBeNull();
  });
});
