import { ImageResponse } from "next/og";
import { shareSummary } from "@/components/share/share-summary";
import { JOB_STATES, type JobState } from "@/lib/generation/batch-progress";
import { peekShareToken } from "@/lib/portal/share-links";
import { requestMeta } from "@/lib/portal/session";
import { loadSharedReport } from "./load";

export const alt = "A batch report: its name, generator and how many jobs finished";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

/** The portal's state colours as hex (satori has no oklch). */
const COLOUR: Record<JobState, string> = { succeeded: "#16a34a", failed: "#dc2626", canceled: "#d97706", running: "#2563eb", queued: "#a1a1aa" };
const ORDER: JobState[] = ["succeeded", "failed", "canceled", "running", "queued"];

/** The link preview in chat apps: batch name, generator, a progress bar and the counts. Not counted as a view. */
export default async function Image({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const report = await loadSharedReport(peekShareToken(token, await requestMeta()));
  if ("throttled" in report) {
    const { message, retryAfterSeconds } = report.throttled;
    return Response.json({ detail: message, code: "rate_limited:share_lookup" }, { status: 429, headers: { "retry-after": String(retryAfterSeconds), "cache-control": "no-store" } });
  }
  const { batch, status } = report;
  const progress = status.progress;
  const counts = progress?.counts ?? (Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>);
  const total = progress?.total ?? batch.jobCount;
  const version = batch.generatorVersion && !batch.generator.endsWith(batch.generatorVersion) ? ` v${batch.generatorVersion}` : "";
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: 64, background: "#ffffff", color: "#18181b", fontSize: 32 }}>
        <div style={{ display: "flex", fontSize: 28, color: "#71717a" }}>Infinity Portal · shared report</div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ display: "flex", fontSize: 68, fontWeight: 700, lineHeight: 1.1, maxHeight: 160, overflow: "hidden" }}>{batch.name}</div>
          <div style={{ display: "flex", marginTop: 16, color: "#52525b" }}>
            {/* One string: satori lays out each JSX text child as its own flex item, with gaps between. */}
            {`${batch.generator}${version} · ${batch.jobCount.toLocaleString("en")} ${batch.kind === "preview" ? "previews" : "videos"}`}
          </div>
        </div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ display: "flex", width: "100%", height: 36, borderRadius: 18, overflow: "hidden", background: "#e4e4e7" }}>
            {total > 0 ? ORDER.filter((s) => counts[s] > 0).map((s) => <div key={s} style={{ display: "flex", width: `${(counts[s] / total) * 100}%`, height: "100%", background: COLOUR[s] }} />) : null}
          </div>
          <div style={{ display: "flex", marginTop: 24, fontSize: 30 }}>
            {progress ? (
              <>
                <div style={{ display: "flex", fontWeight: 700, marginRight: 40 }}>{Math.floor(progress.fraction * 100)}%</div>
                {ORDER.filter((s) => counts[s] > 0).map((s) => (
                  <div key={s} style={{ display: "flex", alignItems: "center", marginRight: 36 }}>
                    <div style={{ display: "flex", width: 18, height: 18, borderRadius: 9, marginRight: 12, background: COLOUR[s] }} />
                    {`${counts[s].toLocaleString("en")} ${s}`}
                  </div>
                ))}
              </>
            ) : (
              <div style={{ display: "flex", color: "#52525b" }}>{shareSummary(batch, status)}</div>
            )}
          </div>
        </div>
      </div>
    ),
    size,
  );
}
