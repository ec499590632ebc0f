import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_ACTION_BYTES, formDataBytes, formSizeProblem, LARGEST_ACTION_BODY, RECIPE_ACTION_BYTES, utf8Length, withBodyLimit } from "@/lib/actions/body-limits";
import { MAX_RECIPE_BYTES } from "@/lib/generation/recipe-schema";

const MB = 1024 * 1024;
const root = path.resolve(import.meta.dirname, "../..");
// The limit exactly as Next reads it: the config file, parsed by Next's own `bytes`.
const nextConfig = ((await import(pathToFileURL(path.join(root, "next.config.js")).href)) as { default: { experimental: { serverActions: { bodySizeLimit: string } } } }).default;
const parseBytes = (createRequire(import.meta.url)("next/dist/compiled/bytes") as { parse: (text: string) => number }).parse;
const configured = parseBytes(nextConfig.experimental.serverActions.bodySizeLimit);

/** A recipe form as the editor sends it, its recipe exactly `recipeBytes` long. */
function recipeForm(recipeBytes: number): FormData {
  const form = new FormData();
  form.set("recipe", `{"name":"${"n".repeat(recipeBytes - 11)}"}`);
  form.set("idempotencyKey", randomUUID());
  form.set("workflowId", randomUUID());
  // What React adds to a server action call: the action's reference and the previous state.
  form.set("1_$ACTION_REF_1", "");
  form.set("1_$ACTION_KEY", "k".repeat(40));
  return form;
}

describe("server action body limits", () => {
  it("lets the global limit carry the largest recipe form, and not much more", async () => {
    const body = await new Response(recipeForm(MAX_RECIPE_BYTES)).arrayBuffer();
    console.log(`action limits: global ${(configured / MB).toFixed(2)} MB; a form with a ${(MAX_RECIPE_BYTES / MB).toFixed(0)} MB recipe is ${(body.byteLength / MB).toFixed(3)} MB on the wire; default action limit ${DEFAULT_ACTION_BYTES / 1024} KB`);
    expect(body.byteLength).toBeLessThanOrEqual(LARGEST_ACTION_BODY);
    expect(configured).toBeGreaterThanOrEqual(LARGEST_ACTION_BODY);
    // The old 16 MB is gone: at most a quarter of a megabyte above the need.
    expect(configured - LARGEST_ACTION_BODY).toBeLessThan(MB / 4);
    expect(formDataBytes(recipeForm(MAX_RECIPE_BYTES))).toBeLessThanOrEqual(RECIPE_ACTION_BYTES);
  });

  it(`counts UTF-8 bytes as Buffer does (${(10_000).toLocaleString("en")} strings)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
        // Lone surrogates become U+FFFD (3 bytes) in Buffer; our count says 2 or 4 around them, never less than the real length minus 1 each.
        if (/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))) return;
        expect(utf8Length(text)).toBe(Buffer.byteLength(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it("says in a sentence how much was sent and how much the form may hold", () => {
    expect(formSizeProblem(DEFAULT_ACTION_BYTES, DEFAULT_ACTION_BYTES)).toBeNull();
    expect(formSizeProblem(200 * 1024, DEFAULT_ACTION_BYTES)).toBe("This form sent 200 KB, more than it may hold (64 KB). Nothing was changed.");
    expect(formSizeProblem(12 * MB, RECIPE_ACTION_BYTES)).toBe("This form sent 12.0 MB, more than it may hold (10.1 MB). Nothing was changed.");
  });

  it("refuses an oversized form before the action runs at all (the wrappers in safe-action.ts put this first)", async () => {
    let worked = 0;
    const action = (limit: number) =>
      withBodyLimit(limit, async (_prev: null, form: FormData) => {
        worked++;
        return { ok: true, message: `read ${String(form.get("name") ?? "").length} characters` };
      });
    const big = new FormData();
    big.set("name", "x".repeat(DEFAULT_ACTION_BYTES));
    expect(await action(DEFAULT_ACTION_BYTES)(null, big)).toEqual({ ok: false, message: "This form sent 65 KB, more than it may hold (64 KB). Nothing was changed." });
    expect(worked).toBe(0);
    const small = new FormData();
    small.set("name", "Ada");
    expect(await action(DEFAULT_ACTION_BYTES)(null, small)).toEqual({ ok: true, message: "read 3 characters" });
    expect(worked).toBe(1);

    // The recipe actions take the largest recipe, and refuse a little more.
    expect(await action(RECIPE_ACTION_BYTES)(null, recipeForm(MAX_RECIPE_BYTES))).toMatchObject({ ok: true });
    expect(await action(RECIPE_ACTION_BYTES)(null, recipeForm(MAX_RECIPE_BYTES + 128 * 1024))).toEqual({
      ok: false,
      message: "This form sent 10.2 MB, more than it may hold (10.1 MB). Nothing was changed.",
    });
    expect(worked).toBe(2);
    // Not a form at all (a crafted call): refused as unreadable.
    expect(await action(DEFAULT_ACTION_BYTES)(null, "nope" as unknown as FormData)).toEqual({ ok: false, message: "The form could not be read. Reload the page and try again." });
    expect(worked).toBe(2);
  });
});
