import { batchStatusOutput } from "@/lib/api/batch-output";
import { shareRoute } from "@/lib/api/share-route";
import { getBatchStatus } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOriginFrom } from "@/lib/api/request-context";

/** The shared report's live status; the token opens its own batch only. */
export const GET = shareRoute(batchStatusOutput, async (access, request) => getBatchStatus(access, access.batchId, await generationClientFor(access, requestOriginFrom(request.headers))));
