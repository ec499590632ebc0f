import { z } from "zod";
import { memberRoute } from "@/lib/api/route";
import { batchIdParam } from "@/lib/api/params";
import { paramValuesSchema } from "@/lib/generation/contract";
import { listBatchParams } from "@/lib/portal/batch-params";

export const GET = memberRoute(z.object({ jobs: z.array(paramValuesSchema) }), async (member, _request, params) => ({
  jobs: await listBatchParams(member, batchIdParam(params)),
}));
