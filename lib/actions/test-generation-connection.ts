"use server";
import { z } from "zod";
import { testGenerationConnection } from "@/lib/portal/generation-connections";
import { memberAction } from "./safe-action";

// Empty fields fall back to the stored address and token; the data layer checks what is entered.
const schema = z.object({ url: z.string().max(2_000).optional(), token: z.string().max(1_000).optional() });

/** Lists the upstream's generators with the entered or stored address and token. Writes nothing. */
export const testGenerationConnectionAction = memberAction(
  { schema, permission: "generation:configure", deniedMessage: "Only owners and admins can test the team's Generation API." },
  async ({ url, token }, member) => {
    const result = await testGenerationConnection(member, { url, token });
    return { ok: result.ok, message: result.message };
  },
);
