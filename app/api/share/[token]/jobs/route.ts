import { z } from "zod";
import { batchJobsOutput } from "@/lib/api/batch-output";
import { parseQuery } from "@/lib/api/params";
import { shareRoute } from "@/lib/api/share-route";
import { JOB_STATES } from "@/lib/generation/batch-progress";
import { JOB_PAGE_MAX, listBatchJobs } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOriginFrom } from "@/lib/api/request-context";

const query = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(JOB_PAGE_MAX).default(50),
  state: z.enum(JOB_STATES).optional(),
});

export const GET = shareRoute(batchJobsOutput, async (access, request) =>
  listBatchJobs(access, access.batchId, await generationClientFor(access, requestOriginFrom(request.headers)), parseQuery(request, query)),
);
