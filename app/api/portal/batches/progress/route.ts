import { z } from "zod";
import { memberRoute } from "@/lib/api/route";
import { batchesProgressOutput } from "@/lib/api/batch-output";
import { parseQuery } from "@/lib/api/params";
import { batchStatus, getBatches } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { BATCH_PAGE_SIZE } from "@/lib/portal/batches";

const query = z.object({
  ids: z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.uuid()).max(BATCH_PAGE_SIZE)),
});

/** The list page's progress bars in one request: one read of the rows, then each batch's coalesced upstream status. */
export const GET = memberRoute(batchesProgressOutput, async (member, request) => {
  const { ids } = parseQuery(request, query);
  const client = await generationClientFor(member, await requestOrigin());
  const rows = await getBatches(member, ids);
  const entries = await Promise.all(rows.map(async (batch) => [batch.id, await batchStatus(member, batch, client)] as const));
  return Object.fromEntries(entries);
});
