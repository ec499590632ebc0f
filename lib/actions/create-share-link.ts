"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createShareLink, shareExpirySchema } from "@/lib/portal/share-links";
import { requestOrigin } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const createShareLinkAction = memberAction(
  {
    schema: z.object({ batchId: uuidSchema, expiresInDays: shareExpirySchema }),
    permission: "share-links:manage",
    deniedMessage: "Viewers cannot share reports; ask a member, an admin or an owner.",
  },
  async ({ batchId, expiresInDays }, member) => {
    const link = await createShareLink(member, batchId, { expiresInDays });
    revalidatePath(`/batches/${batchId}`);
    // The link travels to the browser this once, in the action's answer; the page never renders it again.
    return {
      ok: true,
      message: "Share link created.",
      data: { id: link.id, url: `${await requestOrigin()}${link.path}`, expiresAt: link.expiresAt?.toISOString() ?? null },
    };
  },
);
