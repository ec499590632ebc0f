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
