import { z } from "zod";
import { memberDownload } from "@/lib/api/route";
import { batchIdParam, parseQuery } from "@/lib/api/params";
import { batchArchive, jobParameters, mergedCoco } from "@/lib/portal/batch-downloads";
import { batchNotebook } from "@/lib/portal/batch-notebook";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";

const query = z.object({ what: z.enum(["zip", "parameters.csv", "parameters.json", "coco", "notebook"]).default("zip") });

export const GET = memberDownload(async (member, request, params) => {
  const id = batchIdParam(params);
  const { what } = parseQuery(request, query);
  if (what === "parameters.csv") return jobParameters(member, id, "csv");
  if (what === "parameters.json") return jobParameters(member, id, "json");
  const origin = await requestOrigin();
  const client = await generationClientFor(member, origin);
  if (what === "notebook") return batchNotebook(member, id, client, origin);
  return what === "coco" ? mergedCoco(member, id, client) : batchArchive(member, id, client);
});
