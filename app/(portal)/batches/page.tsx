import { Boxes } from "lucide-react";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Batches" };

export default async function BatchesPage() {
  await requireMember();
  return (
    <>
      <PageHeader title="Batches" description="Every batch your team submitted, with its status and report." />
      <EmptyState icon={Boxes} title="No batches yet — create a workflow">
        A batch is a set of preview or video jobs submitted from a workflow. Its report, status and downloads appear here.
      </EmptyState>
    </>
  );
}
