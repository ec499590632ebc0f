import { Link2Off } from "@/components/ui/icons";
import { SharedShell } from "@/components/share/shared-shell";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Link not available", robots: { index: false, follow: false } };

/** Unknown, expired and revoked links read the same, so none is confirmed to have existed. */
export default function SharedReportNotFound() {
  return (
    <SharedShell>
      <EmptyState icon={Link2Off} title="This link does not open a report">
        It may have expired or been revoked, or it was copied incompletely. Ask the person who shared it for a new link.
      </EmptyState>
    </SharedShell>
  );
}
