import { describe, expect, it } from "vitest";
import { contentDisposition } from "@/lib/api/responses";

/** What a browser takes from the header: `filename*` when it reads it, else the quoted fallback. */
function parse(header: string) {
  const plain = /filename="([^"]*)"/.exec(header)?.[1];
  const encoded = /filename\*=UTF-8''([^;\s]*)/.exec(header)?.[1];
  return { plain, exact: encoded === undefined ? undefined : decodeURIComponent(encoded) };
}

describe("Content-Disposition (RFC 6266)", () => {
  it("keeps a plain name as it is, in both forms", () => {
    expect(contentDisposition("attachment", "my-batch.zip")).toBe(`attachment; filename="my-batch.zip"; filename*=UTF-8''my-batch.zip`);
  });

  it("cannot be broken out of: quotes, semicolons, line breaks and path separators never survive the fallback", () => {
    for (const name of ['a"; filename="evil.exe', "a\r\nSet-Cookie: x=1", "../../etc/passwd", "C:\\Windows\\x.zip", "a;b=c.zip"]) {
      const header = contentDisposition("attachment", name);
      expect(header, name).not.toMatch(/[\r\n]/);
      const { plain, exact } = parse(header);
      expect(plain, name).toMatch(/^[A-Za-z0-9._ -]+$/);
      expect(exact, name).not.toMatch(/[/\\\r\n]/);
      // Exactly one of each parameter: nothing smuggled in.
      expect(header.match(/filename=/g), name).toHaveLength(1);
      expect(header.match(/filename\*=/g), name).toHaveLength(1);
    }
  });

  it("gives browsers the exact Unicode name through filename*, and an ASCII stand-in to the rest", () => {
    const { plain, exact } = parse(contentDisposition("attachment", "Übung – Kniebeuge 🏋.zip"));
    expect(exact).toBe("Übung – Kniebeuge 🏋.zip");
    expect(plain).toBe("_bung _ Kniebeuge __.zip");
  });

  it("never answers an empty name", () => {
    expect(parse(contentDisposition("inline", "\u0000\u0001")).plain).toBe("download");
  });
});
