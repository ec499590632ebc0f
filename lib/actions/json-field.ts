import { z } from "zod";

/** A form field carrying JSON written by our own client code (a recipe). */
export const jsonField = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "The form could not be read. Reload the page and try again." });
    return z.NEVER;
  }
});
