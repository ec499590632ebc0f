import { ScrollText } from "lucide-react";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { can } from "@/lib/auth/permissions";
import { listAuditEvents } from "@/lib/portal/audit";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Audit" };

export default async function AuditPage() {
  const member = await requireMember();
  const header = <PageHeader title="Audit" description="Who did what in this team, and when. Records cannot be edited." />;
  if (!can(member.role, "audit:read")) {
    return (
      <>
        {header}
        <EmptyState icon={ScrollText} title="Only owners and admins can read the audit history">
          Ask an admin of {member.teamName} if you need to know who changed something.
        </EmptyState>
      </>
    );
  }
  const events = await listAuditEvents(member, { limit: 200 });
  return (
    <>
      {header}
      {events.length === 0 ? (
        <EmptyState icon={ScrollText} title="No events yet">Sign-ins, invitations and role changes will be listed here.</EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="audit-list">
            {events.map((event) => (
              <li key={event.id} className="flex flex-col gap-0.5 px-4 py-3 text-sm sm:flex-row sm:items-center sm:gap-4">
                <span className="font-mono text-xs sm:w-44">{event.action}</span>
                <span className="min-w-0 flex-1 truncate">{event.actorName ?? event.actorEmail ?? "—"}</span>
                <span className="text-xs text-zinc-500">{event.ip ?? ""}</span>
                <span className="text-xs text-zinc-500 sm:w-28 sm:text-right">
                  <RelativeTime date={event.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
