import { Boxes } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { RetrySubmissionButton } from "@/components/batches/retry-submission-button";
import { SubmissionBadge } from "@/components/batches/submission-badge";
import { can } from "@/lib/auth/permissions";
import { listBatches } from "@/lib/portal/batches";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Batches" };

export default async function BatchesPage() {
  const member = await requireMember();
  const rows = await listBatches(member);
  const canSubmit = can(member.role, "batches:submit");
  return (
    <>
      <PageHeader title="Batches" description="Every batch your team submitted, with its status and report." actions={<Button asChild><Link href="/workflows/new">New batch</Link></Button>} />
      {rows.length === 0 ? (
        <EmptyState icon={Boxes} title="No batches yet — create a workflow">
          A batch is a set of preview or video jobs submitted from a workflow. Its report, status and downloads appear here.
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="batch-list">
            {rows.map((b) => (
              <li key={b.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:gap-4" data-testid="batch-row" data-name={b.name}>
                <div className="min-w-0 flex-1">
                  <Link href={`/batches/${b.id}`} className="block truncate text-sm font-medium hover:underline">
                    {b.name}
                  </Link>
                  <p className="truncate text-xs text-zinc-500">
                    {b.generator} · {b.kind === "preview" ? "previews" : "videos"} · <span className="tabular">{b.jobCount.toLocaleString("en")}</span> jobs · seed{" "}
                    <span className="tabular">{b.seed}</span>
                  </p>
                  {b.failureReason ? (
                    <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="failure-reason">
                      {b.failureReason}
                    </p>
                  ) : null}
                </div>
                <div className="flex items-center gap-3 text-xs text-zinc-500">
                  <SubmissionBadge submission={b.submission} />
                  <span>
                    {b.submittedByName ?? b.submittedByEmail ?? "—"} · <RelativeTime date={b.createdAt} />
                  </span>
                </div>
                {b.submission === "failed_to_submit" && canSubmit ? <RetrySubmissionButton batchId={b.id} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
