"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createInvitation } from "@/lib/portal/invitations";
import { roleSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const createInvitationAction = memberAction(
  { schema: z.object({ role: roleSchema }), permission: "members:invite", deniedMessage: "Only owners and admins can invite people." },
  async ({ role }, member) => {
    const { token, expiresAt } = await createInvitation(member, role);
    revalidatePath("/settings/members");
    return { ok: true, message: "Invitation link created. Copy it now: it is shown only once.", data: { path: `/invite/${token}`, expiresAt: expiresAt.toISOString(), role } };
  },
);
