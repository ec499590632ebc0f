import { expect, test, type Request } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";

interface CapturedPost {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** The headers a replay may carry: the browser's own, minus what the request context sets itself. */
function replayHeaders(request: Request, origin: string): Record<string, string> {
  const headers = { ...request.headers() };
  for (const name of ["content-length", "host", "cookie", "origin", "referer"]) delete headers[name];
  return { ...headers, origin };
}

test("a cross-origin post of the submit-batch action is refused and nothing is persisted; the same post from the portal's origin is accepted", async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const portalOrigin = new URL(baseURL!).origin;
  await signUp(page, "Carl Crossorigin", uniqueEmail("csrf"));
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill("csrf probe");
  await page.getByRole("spinbutton", { name: "Jobs" }).fill("1");

  // Take the browser's real submit-batch POST (a server action: Next-Action header, multipart
  // body with the recipe and idempotency key) and keep it from reaching the server: the
  // replays below are the only copies of it that are sent.
  let captured!: (post: CapturedPost & { request: Request }) => void;
  const capturedPost = new Promise<CapturedPost & { request: Request }>((resolve) => (captured = resolve));
  await page.route(
    (url) => url.pathname === "/workflows/new",
    async (route) => {
      const request = route.request();
      const isSubmit = request.method() === "POST" && Boolean(request.headers()["next-action"]) && /name="[^"]*idempotencyKey"/.test(request.postData() ?? "");
      if (!isSubmit) return route.continue();
      captured({ url: request.url(), headers: request.headers(), body: request.postDataBuffer()!, request });
      await route.abort();
    },
  );

  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  const post = await capturedPost;
  expect(post.headers["next-action"]).toMatch(/^[0-9a-f]{20,}$/);
  expect(post.headers.origin ?? portalOrigin).toBe(portalOrigin);

  // Another site's page posting the same action with the user's cookies: refused.
  const evil = await page.request.post(post.url, { headers: replayHeaders(post.request, "https://evil.example"), data: post.body, maxRedirects: 0 });
  expect(evil.status()).toBe(500);
  expect(evil.headers()["x-action-redirect"]).toBeUndefined();

  // Nothing was persisted: the team still has no batch.
  const observer = await context.newPage();
  await observer.goto("/batches");
  await expect(observer.getByText("No batches yet")).toBeVisible();
  await expect(observer.getByTestId("batch-row")).toHaveCount(0);

  // The very same replay from the portal's own origin is accepted: the refusal was the origin's doing.
  const same = await page.request.post(post.url, { headers: replayHeaders(post.request, portalOrigin), data: post.body, maxRedirects: 0 });
  expect(same.status()).toBeLessThan(400);
  expect(same.headers()["x-action-redirect"]).toMatch(/^\/batches\//);
  await observer.goto("/batches");
  await expect(observer.locator('[data-testid="batch-row"][data-name="csrf probe"]')).toHaveCount(1);
  await expect(observer.getByTestId("batch-row")).toHaveCount(1);
});
