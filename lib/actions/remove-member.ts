"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { removeMember } from "@/lib/portal/members";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const removeMemberAction = memberAction(
  { schema: z.object({ userId: uuidSchema }), permission: "members:remove", deniedMessage: "Only owners and admins can remove members." },
  async ({ userId }, member) => {
    await removeMember(member, userId);
    revalidatePath("/settings/members");
    return { ok: true, message: "Member removed." };
  },
);
