"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeShareLink } from "@/lib/portal/share-links";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const revokeShareLinkAction = memberAction(
  { schema: z.object({ linkId: uuidSchema }), permission: "share-links:manage", deniedMessage: "Viewers cannot revoke share links." },
  async ({ linkId }, member) => {
    const { batchId } = await revokeShareLink(member, linkId);
    revalidatePath(`/batches/${batchId}`);
    return { ok: true, message: "Link revoked. It no longer opens the report." };
  },
);
