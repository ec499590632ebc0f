import { z } from "zod";
import { memberFile } from "@/lib/api/route";
import { batchIdParam, parseQuery } from "@/lib/api/params";
import { PortalError } from "@/lib/errors";
import { jobMedia } from "@/lib/portal/job-media";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";

const query = z.object({ file: z.string().max(64), frame: z.coerce.number().int().min(0).optional() });

/**
 * `?file=video_preview.png|video.mp4|labels.json` of job `position` (from 1, as people count);
 * `&frame=n` with labels.json gives that frame's labels only.
 */
export const GET = memberFile(async (member, request, params) => {
  const id = batchIdParam(params);
  const number = Number(params.position);
  if (!Number.isInteger(number) || number < 1) throw new PortalError("not_found:job", "There is no such job in this batch.");
  const { file, frame } = parseQuery(request, query);
  return jobMedia(member, id, number - 1, file, await generationClientFor(member, await requestOrigin()), frame);
});
