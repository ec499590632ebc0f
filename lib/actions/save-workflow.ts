"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { saveWorkflow } from "@/lib/portal/workflows";
import { jsonField } from "./json-field";
import { memberAction } from "./safe-action";

const schema = z.object({ recipe: jsonField, workflowId: z.uuid().optional().or(z.literal("").transform(() => undefined)) });

export const saveWorkflowAction = memberAction({ schema, permission: "workflows:write", deniedMessage: "Viewers cannot save workflows." }, async ({ recipe, workflowId }, member) => {
  const { id } = await saveWorkflow(member, { id: workflowId, recipe });
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow saved.", data: { id } };
});
