"use server";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { registerUser } from "@/lib/portal/accounts";
import { requestMeta } from "@/lib/portal/session";
import { registerInput } from "@/lib/validation";
import { publicAction } from "./safe-action";
import { safeRedirectPath } from "./safe-redirect";

const schema = registerInput.extend({ callbackUrl: z.string().optional() });

export const registerUserAction = publicAction(schema, async (input) => {
  await registerUser(input, await requestMeta());
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: safeRedirectPath(input.callbackUrl) });
});
