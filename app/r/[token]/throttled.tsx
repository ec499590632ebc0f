import { ShieldAlert } from "@/components/ui/icons";
import { SharedShell } from "@/components/share/shared-shell";
import { EmptyState } from "@/components/ui/empty-state";

export const throttledMetadata = { title: "Too many attempts", robots: { index: false, follow: false }, referrer: "no-referrer" } as const;

/** What a visitor sees when their address has tried too many dead links: the wait, in words. */
export function SharedReportThrottled({ message }: { message: string }) {
  return (
    <SharedShell>
      <div data-testid="share-throttled">
        <EmptyState icon={ShieldAlert} title="Too many attempts">
          {message}
        </EmptyState>
      </div>
    </SharedShell>
  );
}
