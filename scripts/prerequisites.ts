/**
 * The system programs `npm test` needs beyond npm's packages, checked before anything runs so
 * that a machine without them stops in its first seconds with what to install, instead of
 * failing ten minutes in with `spawn ffprobe ENOENT`.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export interface Prerequisite {
  /** What is missing, as a person would look for it. */
  what: string;
  /** The Debian package that brings it. */
  debianPackage: string;
  /** Who needs it. */
  usedBy: string;
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && executable(path.join(dir, name)));
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function missingPrerequisites(env: NodeJS.ProcessEnv = process.env): Prerequisite[] {
  const missing: Prerequisite[] = [];
  for (const tool of ["ffmpeg", "ffprobe"]) {
    if (!onPath(tool, env)) missing.push({ what: tool, debianPackage: "ffmpeg", usedBy: "the video tests and the Python contract client check encoded videos with it" });
  }
  const chromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!executable(chromium)) missing.push({ what: `Chromium at ${chromium}`, debianPackage: "chromium", usedBy: "the end-to-end tests (or set CHROMIUM_PATH)" });
  const python = env.PYTHON ?? "python3";
  const requests = spawnSync(python, ["-c", "import requests"], { env, stdio: "ignore" });
  if (requests.status !== 0) missing.push({ what: `${python} with the requests module`, debianPackage: "python3-requests", usedBy: "the contract test, which calls the API as Infinity's Python users do (or set PYTHON)" });
  return missing;
}

/** One sentence a newcomer can act on. */
export function describeMissing(missing: Prerequisite[]): string {
  const packages = [...new Set(missing.map((m) => m.debianPackage))];
  const lines = missing.map((m) => `  - ${m.what}: ${m.usedBy}`);
  return `npm test needs system programs this machine lacks:\n${lines.join("\n")}\nInstall them with: apt-get install -y ${packages.join(" ")}`;
}
