"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clearGenerationConnection } from "@/lib/portal/generation-connections";
import { memberAction } from "./safe-action";

export const clearGenerationConnectionAction = memberAction(
  { schema: z.object({}), permission: "generation:configure", deniedMessage: "Only owners and admins can change the team's Generation API." },
  async (_input, member) => {
    await clearGenerationConnection(member);
    revalidatePath("/settings/generation-api");
    return { ok: true, message: "Cleared. The built-in engine serves the team again; the stored token was deleted." };
  },
);
