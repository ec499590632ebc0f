import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.ENGINE_CONCURRENCY = "2";

const { handleGenerationApi } = await import("@/lib/engine/api/router");
const { exposeInProcess } = await import("@/lib/engine/api/in-process");
const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { GenerationClient } = await import("@/lib/generation/client");
const { InProcessTransport } = await import("@/lib/generation/transports/in-process");
const { batchArchive } = await import("@/lib/portal/batch-downloads");
const { batchNotebook } = await import("@/lib/portal/batch-notebook");
const { signUp } = await import("../support/factories");
const { submitFinishedBatch } = await import("../support/finished-batch");
const { teamToken } = await import("../support/engine-api");
const { serve } = await import("../support/http-server");
const { unzip } = await import("../support/zip");

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof serve>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let client: InstanceType<typeof GenerationClient>;
let batchId: string;

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  owner = await signUp("notebook");
  exposeInProcess();
  await startRunner();
  server = await serve((request) => handleGenerationApi(request));
  client = new GenerationClient(new InProcessTransport(owner.teamId, server.url));
  batchId = await submitFinishedBatch(owner, client, { name: "notebook's batch", jobCount: 3, seed: 11 });
}, 150_000);

afterAll(async () => {
  await server.close();
  await stopQueue();
  await closeRenderPool();
});

describe("the notebook export", () => {
  it("is a notebook whose Python re-submits the same jobs and downloads the same labels", async () => {
    const download = await batchNotebook(owner, batchId, client, server.url.replace(/\/$/, ""));
    expect(download.filename).toBe("notebook_s_batch.ipynb");
    const notebook = JSON.parse(await new Response(download.body).text());
    expect(notebook.nbformat).toBe(4);
    const codeCells = notebook.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    expect(codeCells.length).toBeGreaterThanOrEqual(4);

    const dir = await mkdtemp(path.join(tmpdir(), "notebook-"));
    const script = path.join(dir, "notebook.py");
    await writeFile(script, codeCells.map((c: { source: string[] }) => c.source.join("")).join("\n\n"));
    const out = path.join(dir, "out");
    const { stdout } = await run(process.env.PYTHON ?? "python3", [script], {
      env: { ...process.env, GENERATION_API_TOKEN: await teamToken(owner), OUT_DIR: out },
      timeout: 120_000,
    });
    expect(stdout).toContain("3 jobs");
    expect(stdout).toContain(`Downloaded 3 jobs into ${out}/`);

    const entries = await readdir(out);
    expect(entries).toContain("batch_id.txt");
    const folders = entries.filter((e) => e !== "batch_id.txt");
    expect(folders).toHaveLength(3);
    const rerun = await Promise.all(folders.map(async (f) => sha(await readFile(path.join(out, f, "labels.json")))));

    // The same parameters and seeds give the same labels as the original batch.
    const original = await unzip(Buffer.from(await new Response((await batchArchive(owner, batchId, client)).body).arrayBuffer()));
    const originalLabels = [...original.entries()].filter(([name]) => name.endsWith("/labels.json")).map(([, bytes]) => sha(bytes));
    expect(rerun.sort()).toEqual(originalLabels.sort());
  }, 180_000);
});
