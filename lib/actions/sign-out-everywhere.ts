"use server";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { signOutEverywhere } from "@/lib/portal/account-security";
import { memberAction } from "./safe-action";

export const signOutEverywhereAction = memberAction({ schema: z.object({}), permission: "team:read" }, async (_input, member) => {
  await signOutEverywhere(member);
  // The epoch already ended this session too; this clears its cookie and goes to sign-in.
  await signOut({ redirectTo: "/login" });
});
