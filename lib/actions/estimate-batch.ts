"use server";
import { estimateFrames } from "@/lib/portal/batch-submission";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { z } from "zod";
import { jsonField } from "./json-field";
import { RECIPE_ACTION_BYTES } from "./body-limits";
import { memberAction } from "./safe-action";

const schema = z.object({ recipe: jsonField });

/** The Generation API's frame estimate for a recipe, for the confirm step. Writes nothing. */
export const estimateBatchAction = memberAction({ schema, permission: "batches:submit", deniedMessage: "Viewers cannot submit batches.", maxBytes: RECIPE_ACTION_BYTES }, async ({ recipe }, member) => {
  const estimate = await estimateFrames(member, recipe, await generationClientFor(member, await requestOrigin()));
  return { ok: true, data: estimate };
});
