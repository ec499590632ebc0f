/**
 * Which ffmpeg to run: the system's (on PATH) when there is one, else the binary shipped by
 * @ffmpeg-installer/ffmpeg.
 */
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let cached: string | undefined;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function ffmpegPath(): string {
  if (cached) return cached;
  const system = onPath(process.platform === "win32" ? "ffmpeg.exe" : "ffmpeg");
  if (system) return (cached = system);
  const require = createRequire(import.meta.url);
  const installer = require("@ffmpeg-installer/ffmpeg") as { path: string };
  return (cached = installer.path);
}
