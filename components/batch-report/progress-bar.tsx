import type { JobState } from "@/lib/generation/batch-progress";
import { BAR_ORDER, STATE_BAR } from "./state-style";

/** One bar, a segment per state, sized by its share of the jobs. */
export function ProgressBar({ counts, total, className = "h-2" }: { counts: Record<JobState, number>; total: number; className?: string }) {
  return (
    <div className={`flex w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`} role="img" aria-label={BAR_ORDER.map((s) => `${counts[s]} ${s}`).join(", ")}>
      {total > 0
        ? BAR_ORDER.map((state) =>
            counts[state] > 0 ? <div key={state} className={`${STATE_BAR[state]} transition-[width] duration-500`} style={{ width: `${(counts[state] / total) * 100}%` }} /> : null,
          )
        : null}
    </div>
  );
}
