import "server-only";
import { notFound } from "next/navigation";
import { isPortalError } from "@/lib/errors";
import { batchStatus, getBatch } from "@/lib/portal/batch-report";
import { generationClientFor } from "@/lib/portal/generation";
import type { ShareAccess } from "@/lib/portal/share-access";
import { requestOrigin } from "@/lib/portal/session";

/** The link's access, its batch and status; a batch deleted since the token was checked is a 404 like any dead link. */
export async function loadSharedReport(access: ShareAccess | null) {
  if (!access) notFound();
  const batch = await getBatch(access, access.batchId).catch((error: unknown) => {
    if (isPortalError(error) && error.kind === "not_found") notFound();
    throw error;
  });
  const status = await batchStatus(access, batch, await generationClientFor(access, await requestOrigin()));
  return { access, batch, status };
}
