"use server";
import { z } from "zod";
import { reissueSessionCookie } from "@/lib/auth/session-user";
import { changePassword, changePasswordInput } from "@/lib/portal/account-security";
import { memberAction } from "./safe-action";

const schema = changePasswordInput
  .extend({ confirmPassword: z.string({ error: "Type the new password again." }).max(200) })
  .refine((input) => input.newPassword === input.confirmPassword, { error: "The two new passwords do not match.", path: ["confirmPassword"] });

// Personal, so any role may: team:read is what every member has.
export const changePasswordAction = memberAction({ schema, permission: "team:read" }, async ({ currentPassword, newPassword }, member) => {
  const { sessionEpoch } = await changePassword(member, { currentPassword, newPassword });
  // Every session issued before ended with the epoch; this one is issued again under the new one.
  await reissueSessionCookie(sessionEpoch);
  return { ok: true, message: "Password changed. You are still signed in here; every other session has been signed out." };
});
