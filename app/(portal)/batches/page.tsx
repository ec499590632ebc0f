import { Boxes, RotateCcw } from "@/components/ui/icons";
import Link from "next/link";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";
import { BatchFilters } from "@/components/batches/batch-filters";
import { BatchList } from "@/components/batches/batch-list";
import { can } from "@/lib/auth/permissions";
import { batchFilterOptions, listBatches } from "@/lib/portal/batches";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Batches" };

const empty = (v: unknown) => (v === "" ? undefined : v);
/** Anything malformed in the URL is dropped rather than refused: it is a filter, not a form. */
const filtersSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  submission: z.preprocess(empty, z.enum(["submitting", "submitted", "failed_to_submit"]).optional()).catch(undefined),
  kind: z.preprocess(empty, z.enum(["preview", "video"]).optional()).catch(undefined),
  generator: z.preprocess(empty, z.string().max(200).optional()).catch(undefined),
  submittedBy: z.preprocess(empty, z.uuid().optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export default async function BatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const filters = filtersSchema.parse(await searchParams);
  const [list, options] = await Promise.all([listBatches(member, filters), batchFilterOptions(member)]);
  const canSubmit = can(member.role, "batches:submit");
  const filtered = Boolean(filters.q || filters.submission || filters.kind || filters.generator || filters.submittedBy);
  const pageHref = (page: number) => {
    const params = new URLSearchParams(Object.entries({ ...filters, page: String(page) }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
    return `/batches?${params}`;
  };
  return (
    <>
      <PageHeader title="Batches" description="Every batch your team submitted, with its status and report." actions={<Button asChild><Link href="/workflows/new">New batch</Link></Button>} />
      {list.total === 0 && !filtered ? (
        <EmptyState icon={Boxes} title="No batches yet — create a workflow">
          A batch is a set of preview or video jobs submitted from a workflow. Its report, status and downloads appear here.
        </EmptyState>
      ) : (
        <>
          <BatchFilters current={{ ...filters, page: undefined }} generators={options.generators} submitters={options.submitters} />
          {list.rows.length === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500">No batch matches these filters.</p>
          ) : (
            <Card>
              <BatchList
                rows={list.rows.map((b) => ({ ...b, submittedBy: b.submittedByName ?? b.submittedByEmail ?? "a former member" }))}
                canSubmit={canSubmit}
                retryIcon={<RotateCcw aria-hidden className="size-4" />}
              />
            </Card>
          )}
          <Pager page={list.page} pageCount={list.pageCount} summary={`${list.total.toLocaleString("en")} batch${list.total === 1 ? "" : "es"}`} href={pageHref} testId="batch-count" />
        </>
      )}
    </>
  );
}
