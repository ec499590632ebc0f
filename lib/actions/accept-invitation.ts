"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptInvitation } from "@/lib/portal/invitations";
import { requestMeta } from "@/lib/portal/session";
import { userAction } from "./safe-action";

const schema = z.object({ token: z.string().min(1, { error: "This invitation link is not valid." }).max(200) });

export const acceptInvitationAction = userAction(schema, async ({ token }, { userId }) => {
  await acceptInvitation(userId, token, await requestMeta());
  redirect("/settings/members?joined=1");
});
