"use client";
import { useActionState } from "react";
import { RotateCcw } from "lucide-react";
import { retrySubmissionAction } from "@/lib/actions/retry-submission";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function RetrySubmissionButton({ batchId }: { batchId: string }) {
  const [state, action, pending] = useActionState(retrySubmissionAction, null);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="batchId" value={batchId} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        <RotateCcw aria-hidden className="size-4" /> {pending ? "Retrying…" : "Retry"}
      </Button>
      <FormMessage state={state} className="text-xs" />
    </form>
  );
}
