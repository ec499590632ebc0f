"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiTokenExpirySchema } from "@/lib/api-token-expiry";
import { apiTokenNameSchema, createApiToken } from "@/lib/portal/api-tokens";
import { memberAction } from "./safe-action";

export const createApiTokenAction = memberAction(
  {
    schema: z.object({ name: apiTokenNameSchema, expiresInDays: apiTokenExpirySchema }),
    permission: "api-tokens:manage",
    deniedMessage: "Only owners and admins can create API tokens.",
  },
  async ({ name, expiresInDays }, member) => {
    const { id, token, prefix } = await createApiToken(member, name, expiresInDays);
    revalidatePath("/settings/api-tokens");
    // The token travels to the browser this once, in the action's answer; it is never rendered by the page.
    return { ok: true, message: `Token “${name}” created.`, data: { id, token, prefix, name } };
  },
);
