import { expect, test, type Page } from "@playwright/test";
import { LoginPage } from "./pages/auth-pages";

const GENERATOR = "visionfit-flagship-v0.1.0";

async function signInAsDemo(page: Page) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn("demo@infinity.local", "infinity-demo");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Waits until the image has really decoded (a broken image has naturalWidth 0). */
async function expectLoaded(page: Page, selector: string) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator(selector).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
}

test("the generator pages document every parameter with example frames, and the editor links to them", async ({ page, context }) => {
  // The first frames start the render pool's worker threads; a cold dev server compiles too.
  test.setTimeout(180_000);
  await signInAsDemo(page);
  await page.getByRole("navigation", { name: "Main" }).locator("visible=true").getByRole("link", { name: "Generators" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Generators", { timeout: 30_000 });
  const row = page.locator(`[data-testid="generator-row"][data-name="${GENERATOR}"]`);
  await expect(row).toContainText("version 0.1.0");
  await expect(row).toContainText("31 parameters");
  await expect(row).toContainText("previews");

  await row.getByRole("link", { name: GENERATOR }).click();
  await expect(page).toHaveURL(new RegExp(`/generators/${GENERATOR}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(GENERATOR, { timeout: 30_000 });

  // Every parameter has its own section with an anchor, a type, a default and a description.
  const docs = page.getByTestId("param-doc");
  await expect(docs).toHaveCount(31);
  for (const doc of await docs.all()) {
    const name = await doc.getAttribute("data-param");
    expect(await doc.getAttribute("id")).toBe(`param-${name}`);
    await expect(doc).toContainText("Type");
    await expect(doc).toContainText("Default");
    expect((await doc.locator("p").first().textContent())?.length).toBeGreaterThan(5);
  }
  const distance = page.locator("#param-camera_distance");
  await expect(distance).toContainText("1–5.25");
  // min, max and the default, which stands in for the middle (3.125) it is close to.
  await expect(distance.locator("img")).toHaveCount(3);
  await expect(page.locator("#param-camera_height img")).toHaveCount(4);
  await expect(distance.locator("img").first()).toHaveAttribute("loading", "lazy");
  await expect(page.locator("#param-scene")).toContainText("LIVINGROOM_2");
  // A parameter a single frame cannot show says so, and shows its effect on the video instead.
  await expect(page.locator("#param-num_reps")).toContainText("No example frames");
  await expect(page.locator("#param-num_reps").getByTestId("video-frames")).toContainText("20 →");

  await expectLoaded(page, '[data-testid="example-gallery"] img');
  await expect.poll(() => page.locator('[data-testid="example-gallery"] img').evaluateAll((imgs: HTMLImageElement[]) => imgs.every((i) => i.naturalWidth > 0)), { timeout: 30_000 }).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/screenshots/generator-desktop.png" });
  await expectLoaded(page, "#param-camera_distance img");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator("#param-relative_camera_yaw_deg").scrollIntoViewIfNeeded();
  await expectLoaded(page, "#param-relative_camera_yaw_deg img");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/screenshots/generator-phone.png" });
  await page.goto("/generators");
  await page.screenshot({ path: "test-results/screenshots/generators-phone.png" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/generators-desktop.png" });

  // The editor's "?" beside a parameter opens its documentation at that parameter.
  await page.goto("/workflows/new");
  const link = page.locator('[data-testid="param-row"][data-param="camera_height"]').getByTestId("param-docs-link");
  await expect(link).toHaveAttribute("href", `/generators/${GENERATOR}#param-camera_height`);
  const [docsPage] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await docsPage.waitForURL(new RegExp(`/generators/${GENERATOR}#param-camera_height$`), { timeout: 30_000, waitUntil: "commit" });
  await expect(docsPage.getByRole("heading", { level: 1 })).toHaveText(GENERATOR, { timeout: 30_000 });
  await expect(docsPage.locator("#param-camera_height")).toBeInViewport();
});

test("an example for an unknown parameter or a value outside the schema is refused", async ({ page, playwright, baseURL }) => {
  await signInAsDemo(page);
  const base = `/api/portal/generators/${GENERATOR}/examples`;
  expect((await page.request.get(`${base}?param=warp_speed&value=1`)).status()).toBe(404);
  expect((await page.request.get(`${base}?param=num_reps&value=99`)).status()).toBe(400);
  expect((await page.request.get(`/api/portal/generators/nope/examples?param=num_reps&value=1`)).status()).toBe(404);
  const ok = await page.request.get(`${base}?param=gender&value=FEMALE`);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toBe("image/png");
  expect(ok.headers()["cache-control"]).toContain("max-age=31536000");
  const etag = ok.headers()["etag"]!;
  const again = await page.request.get(`${base}?param=gender&value=FEMALE`, { headers: { "if-none-match": etag } });
  expect(again.status()).toBe(304);
  // Without a session there is nothing to see.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`${base}?param=gender&value=FEMALE`)).status()).toBe(401);
  await anonymous.dispose();
});
