import Link from "next/link";
import { Workflow } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { DeleteWorkflowButton } from "@/components/workflow-editor/delete-workflow-button";
import { can } from "@/lib/auth/permissions";
import { requireMember } from "@/lib/portal/session";
import { listWorkflows } from "@/lib/portal/workflows";

export const metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const member = await requireMember();
  const rows = await listWorkflows(member);
  const canWrite = can(member.role, "workflows:write");
  const newButton = (
    <Button asChild>
      <Link href="/workflows/new">New batch</Link>
    </Button>
  );
  return (
    <>
      <PageHeader title="Workflows" description="Saved recipes: a generator, a distribution for each job parameter, a job count and a seed." actions={newButton} />
      {rows.length === 0 ? (
        <EmptyState icon={Workflow} title="No workflows yet">
          A workflow picks a generator and gives each job parameter a fixed value or a distribution. Save one from the batch editor to reuse it.
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="workflow-list">
            {rows.map((w) => (
              <li key={w.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center" data-testid="workflow-row" data-name={w.name}>
                <div className="min-w-0 flex-1">
                  <Link href={`/workflows/${w.id}`} className="truncate text-sm font-medium hover:underline">
                    {w.name}
                  </Link>
                  <p className="truncate text-xs text-zinc-500">
                    {w.generator} · {w.kind === "video" ? "videos" : "previews"} · <span className="tabular">{w.jobCount ?? "?"}</span> jobs
                  </p>
                </div>
                <span className="text-xs text-zinc-500">
                  {w.createdByName ?? w.createdByEmail ?? "—"} · updated <RelativeTime date={w.updatedAt} />
                </span>
                {canWrite ? <DeleteWorkflowButton workflowId={w.id} name={w.name} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
