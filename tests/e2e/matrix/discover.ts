import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Everything a visitor can reach, read from the source tree at test time: a page, a route
 * handler method or a server action that exists but has no row in the expectation table
 * fails the matrix with its name. The build's own manifests are read too, so something the
 * build serves that these rules do not find (an action declared inline, a route.js) fails as
 * well instead of slipping past.
 */

export type SurfaceKind = "page" | "route" | "action";

export interface Surface {
  kind: SurfaceKind;
  /** The key of its row in the expectation table: "page /batches/[id]", "GET /api/health", "action lib/actions/x.ts#xAction". */
  key: string;
  /** URL pattern of a page or route (route groups removed); the source file of an action. */
  pattern: string;
  file: string;
  method?: string;
  exportName?: string;
}

const ROOT = process.cwd();
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** Metadata files Next serves as routes of their own (https://nextjs.org/docs/app/api-reference/file-conventions/metadata). */
const METADATA_ROUTE = /^(opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.(tsx?|jsx?)$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** `app/(portal)/batches/[id]/page.tsx` → `/batches/[id]`: route groups and the file name dropped. */
function urlPattern(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

function sourceOf(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a module exports at its top level, including `export const { GET, POST } = handlers` and `export { a as b }`. */
export function exportedNames(file: string): string[] {
  const names: string[] = [];
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of sourceOf(file).statements) {
    if (ts.isVariableStatement(statement) && isExported(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && isExported(statement) && statement.name) names.push(statement.name.text);
    else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    }
  }
  return names;
}

/** A module whose first statement is the "use server" directive: every export of it is a server action. */
function isServerActionModule(file: string): boolean {
  const first = sourceOf(file).statements[0];
  return Boolean(first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server");
}

export function discoverSurfaces(): Surface[] {
  const appFiles = walk(path.join(ROOT, "app"));
  const surfaces: Surface[] = [];
  for (const file of appFiles) {
    const base = path.basename(file);
    const rel = path.relative(ROOT, file);
    if (/^page\.(tsx?|jsx?)$/.test(base)) {
      const pattern = urlPattern(file);
      surfaces.push({ kind: "page", key: `page ${pattern}`, pattern, file: rel });
    } else if (/^route\.(tsx?|jsx?)$/.test(base)) {
      const pattern = urlPattern(file);
      const methods = exportedNames(file).filter((name) => HTTP_METHODS.includes(name));
      if (methods.length === 0) throw new Error(`${rel} is a route handler that exports no HTTP method: the matrix cannot tell what it serves.`);
      for (const method of methods) surfaces.push({ kind: "route", key: `${method} ${pattern}`, pattern, file: rel, method });
    } else if (METADATA_ROUTE.test(base)) {
      const pattern = `${urlPattern(file)}/${base.replace(/\.(tsx?|jsx?)$/, "")}`.replace(/^\/\//, "/");
      surfaces.push({ kind: "route", key: `GET ${pattern}`, pattern, file: rel, method: "GET" });
    }
  }
  for (const file of walk(path.join(ROOT, "lib", "actions"))) {
    if (!/\.(tsx?|jsx?)$/.test(file) || !isServerActionModule(file)) continue;
    const rel = path.relative(ROOT, file);
    for (const name of exportedNames(file)) surfaces.push({ kind: "action", key: `action ${rel}#${name}`, pattern: rel, file: rel, exportName: name });
  }
  return surfaces.sort((a, b) => a.key.localeCompare(b.key));
}

const distDir = () => path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next");

export interface ActionReference {
  id: string;
  /** Pages whose module graph holds the action, as the build names them: "app/(portal)/batches/[id]/page". */
  pages: string[];
}

/**
 * The build's server actions by "file#export". Next 16 (Turbopack) writes each action's id
 * with its source file and export name into `server/server-reference-manifest.json`, and the
 * pages ("workers") that can run it; the browser posts that id in the `Next-Action` header.
 */
export function readActionManifest(): Map<string, ActionReference> {
  const file = path.join(distDir(), "server", "server-reference-manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: the route matrix needs a production build (next build) of this checkout.`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }> };
  const byName = new Map<string, ActionReference>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) throw new Error(`Server action ${id} in the build manifest has no file or export name; the matrix cannot tell which action it is.`);
    byName.set(`action ${entry.filename}#${entry.exportedName}`, { id, pages: Object.keys(entry.workers).filter((w) => w.endsWith("/page")) });
  }
  return byName;
}

/** The URL patterns the build serves from the app directory (pages and routes), without Next's own error pages. */
export function readBuiltRoutes(): string[] {
  const file = path.join(distDir(), "app-path-routes-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  return [...new Set(Object.values(manifest))].filter((p) => !/^\/_(not-found|global-error)$/.test(p)).sort();
}

/** "app/(portal)/batches/[id]/page" → "/batches/[id]". */
export function pageWorkerPattern(worker: string): string {
  const segments = worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}
