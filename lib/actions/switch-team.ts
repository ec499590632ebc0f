"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { switchTeam } from "@/lib/portal/teams";
import { uuidSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const switchTeamAction = memberAction({ schema: z.object({ teamId: uuidSchema }), permission: "team:read" }, async ({ teamId }, member) => {
  await switchTeam(member, teamId);
  revalidatePath("/", "layout");
  return { ok: true, message: "Switched team." };
});
