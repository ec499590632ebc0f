import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";

const SECRET_KEY = /hash|password|secret|token/i;

function findSecrets(value: unknown, path = "$"): string[] {
  if (typeof value === "string") return value.startsWith("$argon2") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (SECRET_KEY.test(k) ? [`${path}.${k}`] : []).concat(findSecrets(v, `${path}.${k}`)));
  }
  return [];
}

test("session and member-list responses carry no password or token hash", async ({ page }) => {
  await signUp(page, "Sam Secret", uniqueEmail("secret"));
  await expect(page).toHaveURL(/\/workflows/);

  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session.user.email).toMatch(/@example.com$/);
  expect(findSecrets(session)).toEqual([]);

  const members = await (await page.request.get("/api/portal/members")).json();
  expect(members.members).toHaveLength(1);
  expect(findSecrets(members)).toEqual([]);

  // Nor does the HTML (and the React payload inside it) of the members page.
  const html = await (await page.request.get("/settings/members")).text();
  expect(html).not.toContain("$argon2");
  expect(html).not.toMatch(/passwordHash|tokenHash|token_hash|password_hash/);
});
