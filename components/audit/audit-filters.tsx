import Link from "next/link";
import { Download } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { actionLabel } from "@/lib/portal/audit-describe";

const inputClass = "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/**
 * A plain GET form, like the batch filters: the filters live in the URL, so a filtered history
 * can be bookmarked or sent to a colleague, and the CSV link carries the same query.
 */
export function AuditFilters({
  current,
  actors,
  actions,
  exportHref,
}: {
  current: { actor?: string; action?: string; from?: string; to?: string };
  actors: { id: string; label: string }[];
  actions: string[];
  exportHref: string;
}) {
  const active = Boolean(current.actor || current.action || current.from || current.to);
  return (
    <form method="get" action="/audit" className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter the audit history">
      <label className="flex min-w-0 basis-full flex-col gap-1 text-xs text-zinc-500 sm:basis-auto">
        Who
        <select name="actor" defaultValue={current.actor ?? ""} className={`${inputClass} w-full sm:w-56`}>
          <option value="">Anyone</option>
          {actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 basis-full flex-col gap-1 text-xs text-zinc-500 sm:basis-auto">
        What
        <select name="action" defaultValue={current.action ?? ""} className={`${inputClass} w-full sm:w-52`}>
          <option value="">Any action</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs text-zinc-500 sm:flex-none">
        From (UTC)
        <input type="date" name="from" defaultValue={current.from} className={`${inputClass} w-full sm:w-40`} />
      </label>
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs text-zinc-500 sm:flex-none">
        To (UTC)
        <input type="date" name="to" defaultValue={current.to} className={`${inputClass} w-full sm:w-40`} />
      </label>
      <span className="flex basis-full items-center gap-2 sm:basis-auto">
        <Button type="submit" size="field" variant="secondary">
          Apply
        </Button>
        {active ? (
          <Link href="/audit" className="h-9 px-2 text-sm leading-9 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
            Clear
          </Link>
        ) : null}
        <Button asChild size="field" variant="ghost" className="ml-auto">
          {/* A plain link: the browser downloads the attachment without leaving the page. */}
          <a href={exportHref} download data-testid="audit-export">
            <Download aria-hidden className="size-4" />
            Export CSV
          </a>
        </Button>
      </span>
    </form>
  );
}
