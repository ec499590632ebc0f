import { shareDownload } from "@/lib/api/share-route";
import { PortalError } from "@/lib/errors";
import { jobArchive } from "@/lib/portal/batch-downloads";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOriginFrom } from "@/lib/api/request-context";

/** One job's zip of the shared batch; `position` is the job's number as people read it, from 1. */
export const GET = shareDownload(async (access, request, params) => {
  const number = Number(params.position);
  if (!Number.isInteger(number) || number < 1) throw new PortalError("not_found:job", "There is no such job in this batch.");
  return jobArchive(access, access.batchId, number - 1, await generationClientFor(access, requestOriginFrom(request.headers)));
});
