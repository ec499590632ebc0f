import { memberRoute } from "@/lib/api/route";
import { batchStatusOutput } from "@/lib/api/batch-output";
import { getBatchStatus } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { batchIdParam } from "@/lib/api/params";

export const GET = memberRoute(batchStatusOutput, async (member, _request, params) =>
  getBatchStatus(member, batchIdParam(params), await generationClientFor(member, await requestOrigin())),
);
