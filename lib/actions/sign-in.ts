"use server";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { authenticate } from "@/lib/portal/accounts";
import { requestMeta } from "@/lib/portal/session";
import { loginInput } from "@/lib/validation";
import { publicAction } from "./safe-action";
import { safeRedirectPath } from "./safe-redirect";

const schema = loginInput.extend({ callbackUrl: z.string().optional() });

export const signInAction = publicAction(schema, async (input) => {
  // Checked here first so the form can say why (wrong password, or paused after too many
  // failures); Auth.js's own error codes carry no message.
  const result = await authenticate(input, await requestMeta());
  if (!result.ok) {
    return { ok: false, message: result.message, fieldErrors: result.reason === "invalid" ? { password: [result.message] } : undefined };
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: safeRedirectPath(input.callbackUrl) });
});
