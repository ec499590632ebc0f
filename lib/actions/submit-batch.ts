"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { submitBatch } from "@/lib/portal/batch-submission";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { memberAction } from "./safe-action";

const schema = z.object({
  recipe: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The recipe could not be read. Reload the page and try again." });
      return z.NEVER;
    }
  }),
  idempotencyKey: z.uuid({ error: "This form has expired. Reload the page and submit again." }),
  workflowId: z.uuid().optional().or(z.literal("").transform(() => undefined)),
});

/** Submits a batch from a recipe; the server samples the jobs itself from recipe and seed. */
export const submitBatchAction = memberAction(
  { schema, permission: "batches:submit", deniedMessage: "Viewers cannot submit batches." },
  async ({ recipe, idempotencyKey, workflowId }, member) => {
    const client = generationClientFor(member, await requestOrigin());
    const result = await submitBatch(member, { recipe, idempotencyKey, workflowId }, client);
    revalidatePath("/batches");
    redirect(`/batches?highlight=${result.batchId}`);
  },
);
