"use client";
import Link from "next/link";
import { useActionState, useEffect } from "react";
import type { BatchStatusResponse } from "@/lib/api/batch-output";
import type { ActionState } from "@/lib/actions/safe-action";
import { cancelBatchAction } from "@/lib/actions/cancel-batch";
import { promoteBatchAction } from "@/lib/actions/promote-batch";
import { retryFailedJobsAction } from "@/lib/actions/retry-failed-jobs";
import { useBatchStatus } from "@/lib/swr/use-batch-status";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { RetrySubmissionButton } from "@/components/batches/retry-submission-button";

type Action = (prev: ActionState | null, form: FormData) => Promise<ActionState>;

/** A button that posts the batch id to a server action and refreshes the live status after. */
function BatchActionButton({ batchId, action, label, pendingLabel, icon, variant }: { batchId: string; action: Action; label: string; pendingLabel: string; icon: React.ReactNode; variant: "secondary" | "danger" }) {
  const [state, run, pending] = useActionState(action, null);
  const { mutate } = useBatchStatus(batchId);
  useEffect(() => {
    if (state) void mutate();
  }, [state, mutate]);
  return (
    <form action={run} className="flex flex-col items-start gap-1">
      <input type="hidden" name="batchId" value={batchId} />
      <Button type="submit" size="sm" variant={variant} disabled={pending}>
        {icon} {pending ? pendingLabel : label}
      </Button>
      <FormMessage state={state} className="text-xs" />
    </form>
  );
}

/** Rendered by the (server) page and handed over as elements, so no icon code ships to the browser. */
export interface BatchActionIcons {
  duplicate: React.ReactNode;
  promote: React.ReactNode;
  cancel: React.ReactNode;
  retry: React.ReactNode;
}

/** What this member may do with the batch now: only the actions that apply to its live state. */
export function BatchActions({ batchId, kind, canSubmit, initial, icons }: { batchId: string; kind: "preview" | "video"; canSubmit: boolean; initial: BatchStatusResponse; icons: BatchActionIcons }) {
  const { data = initial, mutate } = useBatchStatus(batchId, initial);
  if (!canSubmit) return null;
  const failed = data.progress?.counts.failed ?? 0;
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid="batch-actions">
      <Button asChild size="sm" variant="secondary">
        <Link href={`/workflows/new?from=${batchId}`}>
          {icons.duplicate} Duplicate and modify
        </Link>
      </Button>
      {kind === "preview" && data.submission === "submitted" ? (
        <BatchActionButton batchId={batchId} action={promoteBatchAction} label="Render as videos" pendingLabel="Submitting…" icon={icons.promote} variant="secondary" />
      ) : null}
      {data.submission === "failed_to_submit" ? <RetrySubmissionButton batchId={batchId} icon={icons.retry} onSettled={() => void mutate()} /> : null}
      {data.submission === "submitted" && !data.final ? (
        <BatchActionButton batchId={batchId} action={cancelBatchAction} label="Cancel" pendingLabel="Canceling…" icon={icons.cancel} variant="danger" />
      ) : null}
      {failed > 0 ? (
        <BatchActionButton batchId={batchId} action={retryFailedJobsAction} label={`Retry ${failed} failed`} pendingLabel="Retrying…" icon={icons.retry} variant="secondary" />
      ) : null}
    </div>
  );
}
