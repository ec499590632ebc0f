import { describe, expect, it } from "vitest";
import { z } from "zod";

describe("instrumentation-client.ts's zod setting", () => {
  it("zod reads its configuration from globalThis.__zod_globalConfig, where the client sets jitless", () => {
    const slot = (globalThis as { __zod_globalConfig?: Record<string, unknown> }).__zod_globalConfig;
    expect(slot).toBeDefined();
    expect(z.config()).toBe(slot);
    slot!.jitless = true;
    try {
      expect(z.config().jitless).toBe(true);
      // Parsing still works without compiled code.
      expect(z.object({ a: z.number(), b: z.string().optional() }).parse({ a: 1, extra: 2 })).toEqual({ a: 1 });
    } finally {
      delete slot!.jitless;
    }
  });
});
