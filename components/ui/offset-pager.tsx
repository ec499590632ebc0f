"use client";
import { ChevronLeft, ChevronRight } from "@/components/ui/icons";
import { Button } from "./button";

/** "1–50 of 1,234" with previous/next buttons, for lists paged by offset in the browser. */
export function OffsetPager({
  offset,
  pageSize,
  total,
  onOffsetChange,
  noun = "",
  previousLabel,
  nextLabel,
  testId,
}: {
  offset: number;
  pageSize: number;
  total: number;
  onOffsetChange: (offset: number) => void;
  /** Appended to the range, e.g. "finished". */
  noun?: string;
  previousLabel: string;
  nextLabel: string;
  testId: string;
}) {
  return (
    <div className="flex items-center justify-between text-sm">
      <span className="tabular text-zinc-500" data-testid={testId}>
        {total === 0 ? "0" : `${(offset + 1).toLocaleString("en")}–${Math.min(offset + pageSize, total).toLocaleString("en")}`} of {total.toLocaleString("en")}
        {noun ? ` ${noun}` : ""}
      </span>
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" disabled={offset === 0} onClick={() => onOffsetChange(Math.max(0, offset - pageSize))} aria-label={previousLabel}>
          <ChevronLeft aria-hidden className="size-4" />
        </Button>
        <Button size="sm" variant="secondary" disabled={offset + pageSize >= total} onClick={() => onOffsetChange(offset + pageSize)} aria-label={nextLabel}>
          <ChevronRight aria-hidden className="size-4" />
        </Button>
      </div>
    </div>
  );
}
