import "server-only";
import { notFound } from "next/navigation";
import { isPortalError } from "@/lib/errors";
import { batchStatus, getBatch } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import type { ShareAccess } from "@/lib/portal/share-access";
import { requestOrigin } from "@/lib/portal/session";

export interface SharedReport {
  access: ShareAccess;
  batch: Awaited<ReturnType<typeof getBatch>>;
  status: Awaited<ReturnType<typeof batchStatus>>;
}

/** The visitor's address has opened too many dead links: the sentence to show, and the wait. */
export interface SharedReportThrottled {
  throttled: { message: string; retryAfterSeconds: number };
}

/**
 * The link's access, its batch and status once `opening` (a token lookup) resolves; a batch deleted
 * since the token was checked is a 404 like any dead link. An address refused for too many
 * dead links gets the refusal to show instead of Next's error page.
 */
export async function loadSharedReport(opening: Promise<ShareAccess | null>): Promise<SharedReport | SharedReportThrottled> {
  let access: ShareAccess | null;
  try {
    access = await opening;
  } catch (error) {
    if (isPortalError(error) && error.kind === "rate_limited") {
      return { throttled: { message: error.message, retryAfterSeconds: error.retryAfterSeconds ?? 60 } };
    }
    throw error;
  }
  if (!access) notFound();
  const batch = await getBatch(access, access.batchId).catch((error: unknown) => {
    if (isPortalError(error) && error.kind === "not_found") notFound();
    throw error;
  });
  const status = await batchStatus(access, batch, await generationClientFor(access, await requestOrigin()));
  return { access, batch, status };
}
