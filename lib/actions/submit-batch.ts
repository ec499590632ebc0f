"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { submitBatch } from "@/lib/portal/batch-submission";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { jsonField } from "./json-field";
import { RECIPE_ACTION_BYTES } from "./body-limits";
import { memberAction } from "./safe-action";

const schema = z.object({
  recipe: jsonField,
  idempotencyKey: z.uuid({ error: "This form has expired. Reload the page and submit again." }),
  workflowId: z.uuid().optional().or(z.literal("").transform(() => undefined)),
});

/** Submits a batch from a recipe; the server samples the jobs itself from recipe and seed. */
export const submitBatchAction = memberAction(
  { schema, permission: "batches:submit", deniedMessage: "Viewers cannot submit batches.", maxBytes: RECIPE_ACTION_BYTES },
  async ({ recipe, idempotencyKey, workflowId }, member) => {
    const client = await generationClientFor(member, await requestOrigin());
    const result = await submitBatch(member, { recipe, idempotencyKey, workflowId }, client);
    revalidatePath("/batches");
    redirect(`/batches/${result.batchId}`);
  },
);
