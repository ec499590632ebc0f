import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

// Shared by forms in the browser and by server actions, so both say the same thing.
export const emailSchema = z
  .string({ error: "Enter your e-mail address." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid e-mail address, like name@example.com." }));

export const PASSWORD_MIN = 10;
export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters for your password.` })
  .max(200, { error: "Use at most 200 characters for your password." });

export const personNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter your name." })
  .max(100, { error: "Keep your name under 100 characters." });

export const teamNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a team name." })
  .max(80, { error: "Keep the team name under 80 characters." });

export const roleSchema = z.enum(ROLES, { error: "Choose a role: owner, admin, member or viewer." });

export const uuidSchema = z.uuid({ error: "That id is not valid." });

export const registerInput = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: "Enter your password." }),
});
