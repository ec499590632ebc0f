"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeApiToken } from "@/lib/portal/api-tokens";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const revokeApiTokenAction = memberAction(
  { schema: z.object({ tokenId: uuidSchema }), permission: "api-tokens:manage", deniedMessage: "Only owners and admins can revoke API tokens." },
  async ({ tokenId }, member) => {
    await revokeApiToken(member, tokenId);
    revalidatePath("/settings/api-tokens");
    return { ok: true, message: "Token revoked. It can no longer be used." };
  },
);
