"use client";
import { Button } from "@/components/ui/button";
import { CopyButton } from "./copy-button";

/**
 * A secret the server keeps only a hash of (an API token, a share link), shown this one time
 * with Copy, until the person says they have it.
 */
export function ShownOnceSecret({
  id,
  value,
  created,
  warning,
  label,
  testId,
  onDismiss,
}: {
  id: string;
  value: string;
  created: string;
  warning: string;
  label: string;
  testId: string;
  onDismiss: () => void;
}) {
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40" data-testid={`${testId}-panel`}>
      <p role="status" aria-live="polite" className="text-sm font-medium text-green-700 dark:text-green-400">
        {created}
      </p>
      <p className="text-sm text-amber-900 dark:text-amber-200">{warning}</p>
      <div className="flex gap-2">
        <input
          readOnly
          value={value}
          aria-label={label}
          data-testid={testId}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton key={id} value={value} />
      </div>
      <Button type="button" variant="ghost" size="sm" onClick={onDismiss}>
        I have copied it
      </Button>
    </div>
  );
}
