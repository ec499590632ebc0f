import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";

describe("safeRedirectPath", () => {
  it.each(["/invite/abc", "/workflows", "/settings/members?joined=1", "/invite/abc#top", "/"])("keeps the same-site path %s", (path) => {
    expect(safeRedirectPath(path)).toBe(path);
  });

  it.each([
    "//evil.com",
    "//evil.com/invite/abc",
    "https://evil.com",
    "http://evil.com/invite/abc",
    "/\\evil.com",
    "/\\/evil.com",
    "evil.com",
    "javascript:alert(1)",
    "",
  ])("refuses %s", (value) => {
    expect(safeRedirectPath(value)).toBe("/workflows");
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, ["/invite/abc"], { href: "/invite/abc" }]) {
      expect(safeRedirectPath(value)).toBe("/workflows");
    }
  });

  it("uses the given fallback", () => {
    expect(safeRedirectPath("//evil.com", "/login")).toBe("/login");
    expect(safeRedirectPath("/invite/abc", "/login")).toBe("/invite/abc");
  });
});

describe("safeRedirectPath against whitespace tricks", () => {
  it("refuses control characters that browsers strip (/\\t/evil.com)", () => {
    expect(safeRedirectPath("/\t/evil.com")).toBe("/workflows");
    expect(safeRedirectPath("/\n/evil.com")).toBe("/workflows");
  });
});
