import Link from "next/link";
import { Search } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";

const selectClass = "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/**
 * A plain GET form: every filter lives in the URL, so a filtered list can be bookmarked and
 * shared, and works before any script has loaded on a slow phone.
 */
export function BatchFilters({
  current,
  generators,
  submitters,
}: {
  current: Record<string, string | undefined>;
  generators: string[];
  submitters: { id: string; label: string }[];
}) {
  const active = ["q", "submission", "kind", "generator", "submittedBy"].some((k) => current[k]);
  return (
    <form method="get" action="/batches" className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter batches">
      <label className="relative min-w-0 flex-1 basis-full sm:basis-56">
        <span className="sr-only">Search by name</span>
        <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400" />
        <input name="q" defaultValue={current.q} placeholder="Search by name" className="h-9 w-full rounded-md border border-zinc-300 bg-white pr-2 pl-8 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
      </label>
      <select name="submission" defaultValue={current.submission ?? ""} aria-label="State" className={selectClass}>
        <option value="">Any state</option>
        <option value="submitted">Submitted</option>
        <option value="submitting">Submitting</option>
        <option value="failed_to_submit">Failed to submit</option>
      </select>
      <select name="kind" defaultValue={current.kind ?? ""} aria-label="Kind" className={selectClass}>
        <option value="">Any kind</option>
        <option value="preview">Previews</option>
        <option value="video">Videos</option>
      </select>
      <select name="generator" defaultValue={current.generator ?? ""} aria-label="Generator" className={selectClass}>
        <option value="">Any generator</option>
        {generators.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      <select name="submittedBy" defaultValue={current.submittedBy ?? ""} aria-label="Submitted by" className={selectClass}>
        <option value="">Anyone</option>
        {submitters.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <Button type="submit" size="field" variant="secondary">
        Apply
      </Button>
      {active ? (
        <Link href="/batches" className="h-9 px-2 text-sm leading-9 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
