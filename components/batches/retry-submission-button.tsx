"use client";
import { useActionState, useEffect } from "react";
import { retrySubmissionAction } from "@/lib/actions/retry-submission";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/**
 * `onSettled` lets a live view fetch the new state at once instead of at its next poll. `icon`
 * comes rendered from a server component, so no icon code ships to the browser.
 */
export function RetrySubmissionButton({ batchId, icon, onSettled }: { batchId: string; icon: React.ReactNode; onSettled?: () => void }) {
  const [state, action, pending] = useActionState(retrySubmissionAction, null);
  useEffect(() => {
    if (state) onSettled?.();
  }, [state, onSettled]);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="batchId" value={batchId} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        {icon} {pending ? "Retrying…" : "Retry"}
      </Button>
      <FormMessage state={state} className="text-xs" />
    </form>
  );
}
