"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { generationTokenSchema, generationUrlSchema, saveGenerationConnection } from "@/lib/portal/generation-connections";
import { memberAction } from "./safe-action";

const DENIED = "Only owners and admins can change the team's Generation API.";

/** Sets the team's upstream; an empty token keeps the stored one for the same address only. The token is never sent back. */
export const saveGenerationConnectionAction = memberAction(
  { schema: z.object({ url: generationUrlSchema, token: generationTokenSchema }), permission: "generation:configure", deniedMessage: DENIED },
  async ({ url, token }, member) => {
    const saved = await saveGenerationConnection(member, { url, token });
    revalidatePath("/settings/generation-api");
    return { ok: true, message: `Saved. ${member.teamName}'s batches now go to ${saved.url}.` };
  },
);
