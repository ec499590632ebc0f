"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin } from "@/lib/portal/session";
import { saveWorkflow } from "@/lib/portal/workflows";
import { jsonField } from "./json-field";
import { RECIPE_ACTION_BYTES } from "./body-limits";
import { memberAction } from "./safe-action";

const schema = z.object({ recipe: jsonField, workflowId: z.uuid().optional().or(z.literal("").transform(() => undefined)) });

export const saveWorkflowAction = memberAction({ schema, permission: "workflows:write", deniedMessage: "Viewers cannot save workflows.", maxBytes: RECIPE_ACTION_BYTES }, async ({ recipe, workflowId }, member) => {
  const { id } = await saveWorkflow(member, { id: workflowId, recipe }, await generationClientFor(member, await requestOrigin()));
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow saved.", data: { id } };
});
