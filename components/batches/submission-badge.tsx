import { cn } from "@/components/ui/cn";

const STYLES = {
  submitting: "bg-status-running/15 text-status-running",
  submitted: "bg-status-succeeded/15 text-status-succeeded",
  failed_to_submit: "bg-status-failed/15 text-status-failed",
} as const;

const LABELS = { submitting: "submitting", submitted: "submitted", failed_to_submit: "failed to submit" } as const;

export function SubmissionBadge({ submission }: { submission: keyof typeof STYLES }) {
  return <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium", STYLES[submission])}>{LABELS[submission]}</span>;
}
