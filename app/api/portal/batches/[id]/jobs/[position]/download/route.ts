import { memberDownload } from "@/lib/api/route";
import { batchIdParam } from "@/lib/api/params";
import { PortalError } from "@/lib/errors";
import { jobArchive } from "@/lib/portal/batch-downloads";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";

/** `position` is the job's number as people read it, from 1. */
export const GET = memberDownload(async (member, _request, params) => {
  const id = batchIdParam(params);
  const number = Number(params.position);
  if (!Number.isInteger(number) || number < 1) throw new PortalError("not_found:job", "There is no such job in this batch.");
  return jobArchive(member, id, number - 1, await generationClientFor(member, await requestOrigin()));
});
