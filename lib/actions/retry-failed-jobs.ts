"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { retryFailedJobs } from "@/lib/portal/batch-control";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const retryFailedJobsAction = memberAction(
  { schema: z.object({ batchId: uuidSchema }), permission: "batches:submit", deniedMessage: "Viewers cannot retry jobs." },
  async ({ batchId }, member) => {
    const { retried } = await retryFailedJobs(member, batchId, await generationClientFor(member, await requestOrigin()));
    revalidatePath(`/batches/${batchId}`);
    revalidatePath("/batches");
    return { ok: true, message: retried ? `Queued ${retried.toLocaleString("en")} failed job${retried === 1 ? "" : "s"} again.` : "No failed jobs to retry." };
  },
);
