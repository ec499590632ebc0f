import { z } from "zod";
import { parseQuery } from "@/lib/api/params";
import { shareFile } from "@/lib/api/share-route";
import { PortalError } from "@/lib/errors";
import { jobMedia } from "@/lib/portal/job-media";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOriginFrom } from "@/lib/api/request-context";

const query = z.object({ file: z.string().max(64), frame: z.coerce.number().int().min(0).optional() });

/**
 * The shared report's gallery: `?file=video_preview.png|video.mp4|labels.json` of job
 * `position` (from 1) of the link's own batch, as the member route serves it; `&frame=n` with
 * labels.json gives that frame's labels only. The batch is the token's, never a path segment.
 */
export const GET = shareFile(async (access, request, params) => {
  const number = Number(params.position);
  if (!Number.isInteger(number) || number < 1) throw new PortalError("not_found:job", "There is no such job in this batch.");
  const { file, frame } = parseQuery(request, query);
  return jobMedia(access, access.batchId, number - 1, file, await generationClientFor(access, requestOriginFrom(request.headers)), frame);
});
