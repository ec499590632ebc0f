import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

export const memberOutput = z.object({
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  role: z.enum(ROLES),
  joinedAt: z.coerce.date().transform((d) => d.toISOString()),
});

export const membersOutput = z.object({ members: z.array(memberOutput) });
export type MembersResponse = z.output<typeof membersOutput>;
