import { discoverSurfaces, readActionManifest, readBuiltRoutes, type Surface } from "./discover";
import type { Row } from "./table";

/**
 * The table against the source tree and the build: a surface without a row, a row without a
 * surface, or anything the build serves that discovery did not find, each named in a sentence.
 */
export function inventoryProblems(rows: Row[]): { problems: string[]; surfaces: Map<string, Surface> } {
  const problems: string[] = [];
  const surfaces = new Map(discoverSurfaces().map((s) => [s.key, s]));
  const keys = new Map<string, number>();
  for (const row of rows) keys.set(row.key, (keys.get(row.key) ?? 0) + 1);

  for (const [key, count] of keys) if (count > 1) problems.push(`"${key}" has ${count} rows in the expectation table; keep one.`);
  for (const surface of surfaces.values()) {
    if (!keys.has(surface.key)) {
      const what = surface.kind === "action" ? `server action ${surface.exportName}` : surface.kind === "page" ? "page" : "route handler";
      problems.push(`${surface.key}: a ${what} (${surface.file}) has no row in the route matrix. Add one to tests/e2e/matrix/rows/ saying what every principal gets.`);
    }
  }
  for (const key of keys.keys()) if (!surfaces.has(key)) problems.push(`${key}: the route matrix has a row for something the app no longer has. Remove or rename the row.`);

  // Everything the build serves must have been found by reading app/ (a route.js, a new file convention …).
  const found = new Set([...surfaces.values()].filter((s) => s.kind !== "action").map((s) => s.pattern));
  const built = readBuiltRoutes();
  for (const pattern of built) if (!found.has(pattern)) problems.push(`${pattern}: the build serves it, but reading app/ did not find it. Teach tests/e2e/matrix/discover.ts its file convention.`);
  for (const pattern of found) if (!built.includes(pattern)) problems.push(`${pattern}: in app/ but not in the build. Rebuild (next build) before running the matrix.`);

  // Every action the build can run must be one of lib/actions' exports, and each of those must be built.
  const manifest = readActionManifest();
  const declared = [...surfaces.values()].filter((s) => s.kind === "action").map((s) => s.key);
  for (const key of manifest.keys()) if (!declared.includes(key)) problems.push(`${key}: the build has this server action, but it is not an export of a "use server" module in lib/actions. Move it there so the matrix covers it.`);
  for (const key of declared) if (!manifest.has(key)) problems.push(`${key}: exported from lib/actions but not in the build's server-reference-manifest.json. Rebuild, or import it where it is used.`);
  return { problems, surfaces };
}
