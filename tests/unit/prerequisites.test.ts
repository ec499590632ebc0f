import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeMissing, missingPrerequisites } from "../../scripts/prerequisites";

/** A PATH holding only Node: a machine without ffmpeg, Chromium or Python. */
const bare = mkdtempSync(path.join(tmpdir(), "bare-path-"));
symlinkSync(process.execPath, path.join(bare, "node"));
const bareEnv: NodeJS.ProcessEnv = { NODE_ENV: "test", PATH: bare, HOME: process.env.HOME, CHROMIUM_PATH: path.join(bare, "chromium") };

afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe("npm test on a machine without the system programs it needs", () => {
  it("names each missing program, why it is needed and the one command that installs them", () => {
    const missing = missingPrerequisites(bareEnv);
    expect(missing.map((m) => m.what)).toEqual(["ffmpeg", "ffprobe", `Chromium at ${bareEnv.CHROMIUM_PATH}`, "python3 with the requests module"]);
    expect(describeMissing(missing)).toMatch(/\nInstall them with: apt-get install -y ffmpeg chromium python3-requests$/);
  });

  it("stops in its first seconds with that sentence, before any step runs", () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/test-all.ts"], { env: bareEnv, encoding: "utf8", timeout: 60_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`[prerequisites] npm test without ffmpeg, Chromium and Python stopped after ${seconds.toFixed(1)} s`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("npm test needs system programs this machine lacks:");
    expect(result.stderr).toContain("  - ffprobe: ");
    expect(result.stdout).not.toContain("━━");
  });

  it("finds nothing missing on this machine, which runs the whole suite", () => {
    expect(missingPrerequisites()).toEqual([]);
  });
});
