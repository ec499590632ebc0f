import Link from "next/link";
import { Button } from "./button";

/** "N things · page p of n" with Newer/Older links; `href(page)` keeps the list's filters. */
export function Pager({ page, pageCount, summary, href, testId }: { page: number; pageCount: number; summary: string; href: (page: number) => string; testId?: string }) {
  return (
    <nav className="mt-4 flex items-center justify-between gap-2 text-sm" aria-label="Pages">
      <span className="tabular text-zinc-500" data-testid={testId}>
        {summary} · page {page} of {pageCount}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Button asChild size="sm" variant="secondary">
            <Link href={href(page - 1)}>Newer</Link>
          </Button>
        ) : null}
        {page < pageCount ? (
          <Button asChild size="sm" variant="secondary">
            <Link href={href(page + 1)}>Older</Link>
          </Button>
        ) : null}
      </span>
    </nav>
  );
}
