"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancelBatch } from "@/lib/portal/batch-control";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const cancelBatchAction = memberAction(
  { schema: z.object({ batchId: uuidSchema }), permission: "batches:submit", deniedMessage: "Viewers cannot cancel batches." },
  async ({ batchId }, member) => {
    const { canceled } = await cancelBatch(member, batchId, await generationClientFor(member, await requestOrigin()));
    revalidatePath(`/batches/${batchId}`);
    revalidatePath("/batches");
    return { ok: true, message: canceled ? `Canceled ${canceled.toLocaleString("en")} unfinished job${canceled === 1 ? "" : "s"}.` : "Nothing left to cancel." };
  },
);
