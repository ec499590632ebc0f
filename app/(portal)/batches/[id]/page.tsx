import Link from "next/link";
import { notFound } from "next/navigation";
import { Ban, BarChart3, ChevronLeft, Clapperboard, Copy, Loader2, RotateCcw } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/card";
import { BatchActions } from "@/components/batch-report/batch-actions";
import { BatchHeader } from "@/components/batch-report/batch-header";
import { BatchDistributions } from "@/components/batch-report/batch-distributions";
import { Downloads } from "@/components/batch-report/downloads";
import { JobTable } from "@/components/batch-report/job-table";
import { LiveStatus } from "@/components/batch-report/live-status";
import { ShareLinks } from "@/components/share/share-links";
import { Gallery } from "@/components/gallery/gallery";
import { can } from "@/lib/auth/permissions";
import { isPortalError } from "@/lib/errors";
import { batchStatus, getBatch, readBatchRecipe, varyingParams } from "@/lib/portal/batch-report";
import type { Recipe } from "@/lib/generation/recipe";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin, requireMember } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";

export const metadata = { title: "Batch report" };

// Drawn on the server and handed to the client components as elements: no icon code in the page's JS.
const actionIcons = {
  duplicate: <Copy aria-hidden className="size-4" />,
  promote: <Clapperboard aria-hidden className="size-4" />,
  cancel: <Ban aria-hidden className="size-4" />,
  retry: <RotateCcw aria-hidden className="size-4" />,
};

export default async function BatchReportPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const batch = await getBatch(member, id).catch((error: unknown) => {
    if (isPortalError(error) && error.kind === "not_found") notFound();
    throw error;
  });
  const client = await generationClientFor(member, await requestOrigin());
  const [status, recipe] = await Promise.all([batchStatus(member, batch, client), readBatchRecipe(member, batch, "marker")]);
  // The charts need the generator's schema; if it is gone upstream the rest of the report still stands.
  const spec = await client.getGenerator(batch.generator).catch(() => null);
  return (
    <div className="space-y-4">
      <Link href="/batches" className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
        <ChevronLeft aria-hidden className="size-4" /> Batches
      </Link>
      <PageHeader title={batch.name} actions={<BatchActions batchId={batch.id} kind={batch.kind} canSubmit={can(member.role, "batches:submit")} initial={status} icons={actionIcons} />} />
      <div className="-mt-4">
        <BatchHeader batch={batch} submitter={batch.submittedByName ?? batch.submittedByEmail ?? "a former member"} />
      </div>
      <LiveStatus batchId={batch.id} initial={status} spinner={<Loader2 aria-hidden className="size-3" />} />
      {batch.upstreamBatchId ? <Gallery batchId={batch.id} kind={batch.kind} /> : null}
      <JobTable batchId={batch.id} varying={varyingParams(recipe)} />
      {spec ? <BatchDistributions batchId={batch.id} spec={spec} recipe={recipe as unknown as Recipe} icon={<BarChart3 aria-hidden className="size-4" />} /> : null}
      {batch.upstreamBatchId ? <Downloads base={`/api/portal/batches/${batch.id}`} /> : null}
      <ShareLinks member={member} batchId={batch.id} />
    </div>
  );
}

