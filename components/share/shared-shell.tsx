import { Eye, Infinity as InfinityIcon } from "@/components/ui/icons";

/** The frame of a shared report: the product's name and "read-only", no navigation, no team. */
export function SharedShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-dvh bg-zinc-50 dark:bg-zinc-950">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
          <span className="flex items-center gap-2 font-semibold">
            <InfinityIcon aria-hidden className="size-5 text-accent" /> Infinity Portal
          </span>
          <span className="inline-flex items-center gap-1 rounded-full border border-zinc-300 px-2 py-0.5 text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-300" data-testid="read-only-badge">
            <Eye aria-hidden className="size-3" /> Shared report · read-only
          </span>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-4 px-4 py-6">{children}</main>
    </div>
  );
}
