import { Workflow } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  await requireMember();
  return (
    <>
      <PageHeader title="Workflows" description="Saved recipes: a generator, a distribution for each job parameter, a job count and a seed." actions={<Button asChild><Link href="/workflows/new">New batch</Link></Button>} />
      <EmptyState icon={Workflow} title="No workflows yet">
        A workflow picks a generator and gives each job parameter a fixed value or a distribution. Every batch is submitted from one.
      </EmptyState>
    </>
  );
}
