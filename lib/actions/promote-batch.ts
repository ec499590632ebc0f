"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { promoteToVideos } from "@/lib/portal/batch-promotion";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

/** Previews → videos with the same parameters and seeds; lands on the new batch's report. */
export const promoteBatchAction = memberAction(
  { schema: z.object({ batchId: uuidSchema }), permission: "batches:submit", deniedMessage: "Viewers cannot submit batches." },
  async ({ batchId }, member) => {
    const result = await promoteToVideos(member, batchId, await generationClientFor(member, await requestOrigin()));
    revalidatePath("/batches");
    redirect(`/batches/${result.batchId}`);
  },
);
