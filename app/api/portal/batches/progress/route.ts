import { z } from "zod";
import { memberRoute } from "@/lib/api/route";
import { batchesProgressOutput } from "@/lib/api/batch-output";
import { parseQuery } from "@/lib/api/params";
import { getBatchStatus } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { BATCH_PAGE_SIZE } from "@/lib/portal/batches";

const query = z.object({
  ids: z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.uuid()).max(BATCH_PAGE_SIZE)),
});

/** The list page's progress bars in one request; each read is the report's coalesced one. */
export const GET = memberRoute(batchesProgressOutput, async (member, request) => {
  const { ids } = parseQuery(request, query);
  const client = await generationClientFor(member, await requestOrigin());
  const entries = await Promise.all(ids.map(async (id) => [id, await getBatchStatus(member, id, client)] as const));
  return Object.fromEntries(entries);
});
