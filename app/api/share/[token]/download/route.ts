import { z } from "zod";
import { parseQuery } from "@/lib/api/params";
import { shareDownload } from "@/lib/api/share-route";
import { batchArchive, jobParameters, mergedCoco } from "@/lib/portal/batch-downloads";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOriginFrom } from "@/lib/api/request-context";

// No notebook here: it is written for re-submitting with the team's API token, which a shared report has no business with.
const query = z.object({ what: z.enum(["zip", "parameters.csv", "parameters.json", "coco"]).default("zip") });

export const GET = shareDownload(async (access, request) => {
  const { what } = parseQuery(request, query);
  if (what === "parameters.csv") return jobParameters(access, access.batchId, "csv");
  if (what === "parameters.json") return jobParameters(access, access.batchId, "json");
  const client = await generationClientFor(access, requestOriginFrom(request.headers));
  return what === "coco" ? mergedCoco(access, access.batchId, client) : batchArchive(access, access.batchId, client);
});
