import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { ApiTokensPage } from "./pages/api-tokens-page";

const run = promisify(execFile);

test("a Python client that knows only the contract submits, polls and downloads", async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  await signUp(page, "Paula Python", uniqueEmail("python"));
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  const token = await tokens.create("notebook");

  // Through the real server: both path forms answer, and nothing is ever redirected.
  const auth = { authorization: `Token ${token}` };
  for (const path of ["/api/jobs/", "/api/jobs", "/api/batch/", "/api/batch"]) {
    const response = await page.request.get(path, { headers: auth, maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
  }
  const post = await page.request.post("/api/batch/estimate", {
    headers: auth,
    data: { name: "estimate", job_runs: [{ name: "visionfit-flagship-v0.1.0", is_preview: true, param_values: {} }] },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(200);
  expect(await post.json()).toEqual([1]);
  expect((await page.request.get("/api/jobs/", { maxRedirects: 0 })).status()).toBe(401);

  const { stdout } = await run(process.env.PYTHON ?? "python3", ["tests/client/generation_api_check.py"], {
    env: { ...process.env, BASE_URL: baseURL!, TOKEN: token },
    timeout: 540_000,
  });
  const report = JSON.parse(stdout.trim().split("\n").at(-1)!);
  expect(report.jobs).toBe(5);
  expect(report.pngs).toBe(5);
  expect(report.videos.map((v: { fps: number }) => v.fps)).toEqual([6, 12]);
  for (const video of report.videos) expect(video.frames).toBeGreaterThan(0);
});
