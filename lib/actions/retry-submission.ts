"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { retrySubmission } from "@/lib/portal/batch-submission";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const retrySubmissionAction = memberAction(
  { schema: z.object({ batchId: uuidSchema }), permission: "batches:submit", deniedMessage: "Viewers cannot submit batches." },
  async ({ batchId }, member) => {
    const result = await retrySubmission(member, batchId, await generationClientFor(member, await requestOrigin()));
    revalidatePath("/batches");
    revalidatePath(`/batches/${batchId}`);
    return result.submission === "submitted"
      ? { ok: true, message: "Submitted." }
      : { ok: false, message: `Still could not submit: ${result.failureReason}` };
  },
);
