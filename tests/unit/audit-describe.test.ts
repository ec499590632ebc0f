import { describe, expect, it } from "vitest";
import { actionLabel, describeAuditEvent, shortUserAgent, targetHref } from "@/lib/portal/audit-describe";

const event = (action: string, metadata: Record<string, unknown> = {}, extra: Partial<{ targetType: string; targetId: string; targetName: string }> = {}) => ({
  action,
  metadata,
  targetType: extra.targetType ?? null,
  targetId: extra.targetId ?? null,
  targetName: extra.targetName ?? null,
});

describe("audit events in plain words", () => {
  it("names the target from the lookup first, then from the event's metadata", () => {
    expect(describeAuditEvent(event("batch.submitted", {}, { targetType: "batch", targetName: "Squats" }))).toBe("submitted the batch “Squats” to the Generation API");
    expect(describeAuditEvent(event("batch.submitted", {}, { targetType: "batch" }))).toBe("submitted a batch to the Generation API");
    expect(describeAuditEvent(event("workflow.deleted", { name: "Old" }, { targetType: "workflow" }))).toBe("deleted the workflow “Old”");
    expect(describeAuditEvent(event("member.role_changed", { from: "member", to: "admin" }, { targetType: "user", targetName: "Max" }))).toBe("changed Max’s role from Member to Admin");
  });

  it("says what was downloaded", () => {
    const download = (what: string, more: Record<string, unknown> = {}) => describeAuditEvent(event("batch.downloaded", { name: "B", what, ...more }, { targetType: "batch" }));
    expect(download("batch zip")).toBe("downloaded all results (zip) of the batch “B”");
    expect(download("job zip", { job: 3 })).toBe("downloaded the results of job 3 of the batch “B”");
    expect(download("parameters csv")).toBe("downloaded the job parameters (CSV) of the batch “B”");
    expect(download("notebook")).toBe("downloaded the analysis notebook of the batch “B”");
    expect(download("batch zip", { via: "share link" })).toBe("downloaded all results (zip) of the batch “B” through a share link");
    expect(download("something new")).toBe("downloaded something new of the batch “B”");
  });

  it("counts jobs and falls back to the action code for unknown events", () => {
    expect(describeAuditEvent(event("batch.created", { name: "B", jobs: 1, kind: "video", generator: "g" }, { targetType: "batch" }))).toBe("created the batch “B” with 1 video job on g");
    expect(describeAuditEvent(event("batch.canceled", { name: "B", canceled: 12 }, { targetType: "batch" }))).toBe("canceled 12 jobs of the batch “B”");
    expect(describeAuditEvent(event("share_link.created", { name: "B" }, { targetType: "batch" }))).toBe("created a share link for the batch “B”");
    expect(describeAuditEvent(event("billing.plan_changed"))).toBe("billing.plan_changed");
    expect(actionLabel("api_token.created")).toBe("API token created");
    expect(actionLabel("member.role_changed")).toBe("Member role changed");
  });

  it("links batches and live workflows to their pages", () => {
    expect(targetHref({ action: "batch.submitted", targetType: "batch", targetId: "b1" })).toBe("/batches/b1");
    expect(targetHref({ action: "workflow.updated", targetType: "workflow", targetId: "w1" })).toBe("/workflows/w1");
    expect(targetHref({ action: "workflow.deleted", targetType: "workflow", targetId: "w1" })).toBeNull();
    expect(targetHref({ action: "share_link.created", targetType: "share_link", targetId: "s1", metadata: { batchId: "b2" } })).toBe("/batches/b2");
    expect(targetHref({ action: "team.renamed", targetType: "team", targetId: "t1" })).toBeNull();
  });

  it("shortens user agents to browser and system", () => {
    expect(shortUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe("Chrome 131 on macOS");
    expect(shortUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).toBe("Safari 17 on iOS");
    expect(shortUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox 128 on Linux");
    expect(shortUserAgent("curl/8.5.0")).toBe("curl 8.5.0");
    expect(shortUserAgent(null)).toBe("");
  });
});
