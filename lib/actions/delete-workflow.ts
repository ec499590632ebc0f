"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteWorkflow } from "@/lib/portal/workflows";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const deleteWorkflowAction = memberAction({ schema: z.object({ workflowId: uuidSchema }), permission: "workflows:write", deniedMessage: "Viewers cannot delete workflows." }, async ({ workflowId }, member) => {
  await deleteWorkflow(member, workflowId);
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow deleted." };
});
