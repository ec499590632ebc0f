"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeMemberRole } from "@/lib/portal/members";
import { roleSchema, uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const changeMemberRoleAction = memberAction(
  { schema: z.object({ userId: uuidSchema, role: roleSchema }), permission: "members:change-role", deniedMessage: "Only owners and admins can change roles." },
  async ({ userId, role }, member) => {
    await changeMemberRole(member, userId, role);
    revalidatePath("/settings/members");
    return { ok: true, message: "Role updated." };
  },
);
