import "server-only";
import { resultFiles } from "../results/files";
import { ApiError, isUuid } from "./http";
import { handleGenerationApi } from "./router";

// The same well-known slots lib/generation's in-process transport reads. Symbols in the
// global registry, so neither half imports the other.
const SLOT = Symbol.for("infinity.generation-api.in-process");
const RESULT_FILES_SLOT = Symbol.for("infinity.generation-api.in-process.result-files");

const RESULT_PATH = /^\/api\/results\/([^/]+)\/?$/;

/**
 * A result link's files, when the link is one this engine signed for a job it finished; null
 * otherwise (another deployment's link, expired, unknown job), and the caller then fetches the
 * link as usual, which answers the proper error. The link is a capability: whoever holds it
 * may read the zip, so opening its files here grants nothing more.
 */
async function openResultFiles(link: string) {
  if (!URL.canParse(link)) return null;
  const url = new URL(link);
  const jobId = RESULT_PATH.exec(url.pathname)?.[1];
  if (!jobId || !isUuid(jobId)) return null;
  try {
    return await resultFiles(jobId.toLowerCase(), url);
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/**
 * Offers the engine to the portal in this process. The portal has already authenticated
 * the member and names their team; there is no token to check on this path. The second slot
 * lets a batch download read finished jobs' files from storage instead of through a zip each.
 */
export function exposeInProcess(): void {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  slots[SLOT] = (request: Request, teamId: string) => handleGenerationApi(request, { caller: { teamId, tokenId: "in-process" } });
  slots[RESULT_FILES_SLOT] = openResultFiles;
}
