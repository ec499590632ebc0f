import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/**
 * Who else has this PGlite data folder open, if anyone. PGlite takes no lock: a second
 * process opens the folder without complaint and the two then overwrite each other's
 * pages. Its `postmaster.pid` is no help either (the pid in it is always -42, and the file
 * stays behind when a dev server is stopped with Ctrl+C), so look at open files instead.
 *
 * Returns a description of the holder ("process 1234 (next-server)"), "unknown" when the
 * folder looks open but no holder can be named, or null when it is free.
 */
export function pgliteHolder(dataDir: string): string | null {
  const dir = path.resolve(dataDir);
  if (!existsSync(path.join(dir, "PG_VERSION"))) return null; // not created yet: nobody has it
  if (process.platform === "linux" && existsSync("/proc/self/fd")) return fromProc(dir);
  const lsof = fromLsof(dir);
  if (lsof !== undefined) return lsof;
  // No way to see open files: a leftover postmaster.pid is the only hint, so play safe.
  return existsSync(path.join(dir, "postmaster.pid")) ? "unknown" : null;
}

function fromProc(dir: string): string | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's process we may not look into
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith(dir + path.sep)) return describe(entry);
    }
  }
  return null;
}

function describe(pid: string): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return `process ${pid} (${command.slice(0, 80)})`;
  } catch {
    return `process ${pid}`;
  }
}

/** macOS and other systems: ask lsof. Undefined when lsof is not there to ask. */
function fromLsof(dir: string): string | null | undefined {
  const result = spawnSync("lsof", ["-t", "+D", dir], { encoding: "utf8" });
  if (result.error) return undefined;
  const pids = result.stdout.split("\n").filter((p) => p && Number(p) !== process.pid);
  return pids.length ? `process ${pids[0]}` : null;
}
