"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { leaveTeam } from "@/lib/portal/members";
import { memberAction } from "./safe-action";

export const leaveTeamAction = memberAction({ schema: z.object({}), permission: "team:read" }, async (_input, member) => {
  await leaveTeam(member);
  redirect("/settings/team?left=1");
});
