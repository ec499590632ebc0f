import type { Metadata } from "next";
import { Loader2 } from "@/components/ui/icons";
import { Downloads } from "@/components/batch-report/downloads";
import { JobTable } from "@/components/batch-report/job-table";
import { LiveStatus } from "@/components/batch-report/live-status";
import { SharedShell } from "@/components/share/shared-shell";
import { firstName, shareSummary } from "@/components/share/share-summary";
import { BatchHeader } from "@/components/batch-report/batch-header";
import { Gallery } from "@/components/gallery/gallery";
import { readBatchRecipe, varyingParams } from "@/lib/portal/batch-report";
import { peekShareToken, resolveShareToken } from "@/lib/portal/share-links";
import { requestMeta, requestOrigin } from "@/lib/portal/session";
import { loadSharedReport } from "./load";
import { SharedReportThrottled, throttledMetadata } from "./throttled";

type Props = { params: Promise<{ token: string }> };

// Not counted as a view: chat apps read the metadata to unfurl the link. Nor as a dead-link
// lookup: the page, rendered in the same request, counts that once.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const report = await loadSharedReport(peekShareToken(token, await requestMeta(), { countFailure: false }));
  if ("throttled" in report) return throttledMetadata;
  const { batch, status } = report;
  const title = `${batch.name} — shared report`;
  const description = shareSummary(batch, status);
  return {
    title,
    description,
    metadataBase: new URL(await requestOrigin()),
    // The token is the capability: keep it out of search engines and out of Referer headers.
    robots: { index: false, follow: false },
    referrer: "no-referrer",
    openGraph: { title, description, type: "website", siteName: "Infinity Portal" },
    twitter: { card: "summary_large_image", title, description },
  };
}

/** A batch report for anyone holding the link: read-only, no navigation, no team, no e-mails. */
export default async function SharedReportPage({ params }: Props) {
  const { token } = await params;
  const report = await loadSharedReport(resolveShareToken(token, await requestMeta()));
  if ("throttled" in report) return <SharedReportThrottled message={report.throttled.message} />;
  const { access, batch, status } = report;
  const recipe = await readBatchRecipe(access, batch, "marker");
  const apiBase = `/api/share/${token}`;
  const submitter = firstName(batch.submittedByName);
  return (
    <SharedShell>
      <div className="space-y-3">
        <h1 className="text-xl font-semibold tracking-tight break-words" data-testid="shared-title">
          {batch.name}
        </h1>
        <BatchHeader batch={batch} submitter={submitter} />
      </div>
      <LiveStatus batchId={batch.id} initial={status} apiBase={apiBase} spinner={<Loader2 aria-hidden className="size-3" />} />
      {batch.upstreamBatchId ? <Gallery batchId={batch.id} kind={batch.kind} apiBase={apiBase} /> : null}
      <JobTable batchId={batch.id} varying={varyingParams(recipe)} apiBase={apiBase} />
      {batch.upstreamBatchId ? <Downloads base={apiBase} notebook={false} /> : null}
    </SharedShell>
  );
}
