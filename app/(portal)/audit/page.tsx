import { ScrollText, ShieldAlert } from "@/components/ui/icons";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Pager } from "@/components/ui/pager";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { auditFilterOptions, auditPage } from "@/lib/portal/audit";
import { auditFiltersSchema, auditQuery } from "@/lib/portal/audit-filters";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const header = <PageHeader title="Audit" description="Every change and download in this team: who, what, when and from where. Records cannot be edited." />;
  // The data layer refuses too; this only turns the refusal into a page instead of an error.
  if (!can(member.role, "audit:read")) {
    return (
      <>
        {header}
        <EmptyState icon={ShieldAlert} title="Only owners and admins can read the audit history">
          <span data-testid="audit-refused">Ask an owner or admin of {member.teamName} if you need to know who changed something.</span>
        </EmptyState>
      </>
    );
  }
  const filters = auditFiltersSchema.parse(await searchParams);
  const listFilters = { actor: filters.actor, action: filters.action, from: filters.from, to: filters.to };
  const [list, options] = await Promise.all([auditPage(member, filters), auditFilterOptions(member)]);
  const filtered = Boolean(listFilters.actor || listFilters.action || listFilters.from || listFilters.to);
  const query = auditQuery(listFilters);
  const pageHref = (page: number) => `/audit?${auditQuery(listFilters, page)}`;
  return (
    <>
      {header}
      <AuditFilters current={listFilters} actors={options.actors} actions={options.actions} exportHref={`/api/portal/audit/export${query ? `?${query}` : ""}`} />
      {list.rows.length === 0 ? (
        filtered ? (
          <p className="py-10 text-center text-sm text-zinc-500">No event matches these filters.</p>
        ) : (
          <EmptyState icon={ScrollText} title="No events yet">
            Sign-ins, invitations, role changes, batches and downloads will be listed here.
          </EmptyState>
        )
      ) : (
        <Card className="overflow-hidden">
          <AuditTable rows={list.rows} teamId={member.teamId} />
        </Card>
      )}
      <Pager page={list.page} pageCount={list.pageCount} summary={`${list.total.toLocaleString("en")} event${list.total === 1 ? "" : "s"}`} href={pageHref} testId="audit-count" />
    </>
  );
}
