"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeInvitation } from "@/lib/portal/invitations";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const revokeInvitationAction = memberAction(
  { schema: z.object({ invitationId: uuidSchema }), permission: "members:invite" },
  async ({ invitationId }, member) => {
    await revokeInvitation(member, invitationId);
    revalidatePath("/settings/members");
    return { ok: true, message: "Invitation revoked." };
  },
);
