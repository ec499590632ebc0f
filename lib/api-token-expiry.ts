import { z } from "zod";

// Shared by the settings form (in the browser), the server action, the data layer and the CLI.

/** The lifetimes the settings page offers; the data layer and the CLI take any 1 to 365 days. */
export const API_TOKEN_EXPIRY_CHOICES = [30, 90, 365] as const;
export const API_TOKEN_MAX_DAYS = 365;
const EXPIRY_MESSAGE = `Choose when the token expires: never, or after 1 to ${API_TOKEN_MAX_DAYS} days.`;

/**
 * Days until a new token expires, or null for never. Forms and the CLI send "never" or a
 * number of days as text; anything else is refused with one sentence.
 */
export const apiTokenExpirySchema = z.union([z.string(), z.number(), z.null()], { error: EXPIRY_MESSAGE }).transform((value, ctx) => {
  if (value === null || (typeof value === "string" && value.trim().toLowerCase() === "never")) return null;
  const days = typeof value === "number" ? value : /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > API_TOKEN_MAX_DAYS) {
    ctx.addIssue({ code: "custom", message: EXPIRY_MESSAGE });
    return z.NEVER;
  }
  return days;
});
