"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiTokenNameSchema, createApiToken } from "@/lib/portal/api-tokens";
import { memberAction } from "./safe-action";

export const createApiTokenAction = memberAction(
  { schema: z.object({ name: apiTokenNameSchema }), permission: "api-tokens:manage", deniedMessage: "Only owners and admins can create API tokens." },
  async ({ name }, member) => {
    const { id, token, prefix } = await createApiToken(member, name);
    revalidatePath("/settings/api-tokens");
    // The token travels to the browser this once, in the action's answer; it is never rendered by the page.
    return { ok: true, message: `Token “${name}” created.`, data: { id, token, prefix, name } };
  },
);
