"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { renameTeam } from "@/lib/portal/teams";
import { teamNameSchema } from "@/lib/validation";
import { memberAction } from "./safe-action";

export const renameTeamAction = memberAction(
  { schema: z.object({ name: teamNameSchema }), permission: "team:rename", deniedMessage: "Only owners and admins can rename the team." },
  async ({ name }, member) => {
    await renameTeam(member, name);
    revalidatePath("/", "layout");
    return { ok: true, message: "Team renamed." };
  },
);
