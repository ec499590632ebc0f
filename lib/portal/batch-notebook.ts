import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchJobs } from "@/db/schema";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { auditFor, recordAudit } from "./audit";
import type { Download } from "./batch-downloads";
import { safeFilename } from "./batch-downloads";
import { getBatch } from "./batch-report";
import type { ActingMember } from "./member";

type Cell = { cell_type: "markdown"; metadata: object; source: string[] } | { cell_type: "code"; metadata: object; source: string[]; execution_count: null; outputs: [] };

const lines = (text: string) => text.split("\n").map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));
const markdown = (text: string): Cell => ({ cell_type: "markdown", metadata: {}, source: lines(text) });
const code = (text: string): Cell => ({ cell_type: "code", metadata: {}, source: lines(text), execution_count: null, outputs: [] });

/** A JSON string literal is also a valid Python string literal. */
const py = (value: string) => JSON.stringify(value);

/**
 * The job list as Python reads it: one job a line, parsed by json.loads so true/false/null
 * need no translation. Falls back to a single escaped literal if the text could end the raw
 * string early.
 */
function jobListLiteral(jobs: Record<string, unknown>[]): string {
  const text = `[\n${jobs.map((job) => `  ${JSON.stringify(job)}`).join(",\n")}\n]`;
  return text.includes('"""') || text.includes("\\") ? `json.loads(${py(JSON.stringify(jobs))})` : `json.loads(r"""${text}""")`;
}

/**
 * The report as a runnable record: a Jupyter notebook that sends the same jobs (with their
 * seeds, so the same frames) to the Generation API with `requests`, waits, and unzips every
 * result into the Infinity batch layout, as the seed's notebooks did.
 */
export async function batchNotebook(member: ActingMember, batchId: string, client: GenerationClient, origin: string): Promise<Download> {
  const batch = await getBatch(member, batchId);
  let jobs: Record<string, unknown>[] | null = null;
  // The upstream's resolved values carry each job's `state` (its seed): the same pixels again.
  if (batch.upstreamBatchId) {
    jobs = await client
      .getBatch(batch.upstreamBatchId)
      .then((b) => b.job_runs.map((j) => j.param_values))
      .catch((error: unknown) => {
        if (error instanceof GenerationApiError) return null;
        throw error;
      });
  }
  if (!jobs) {
    const db = await getDb();
    jobs = (await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position))).map((r) => r.params);
  }
  const folder = safeFilename(batch.name);
  const cells: Cell[] = [
    markdown(
      `# ${batch.name}\n\n` +
        `${batch.jobCount.toLocaleString("en")} ${batch.kind === "preview" ? "preview" : "video"} jobs of \`${batch.generator}\`${batch.generatorVersion ? ` (version ${batch.generatorVersion})` : ""}, seed ${batch.seed}. ` +
        `Exported from the Infinity Portal report ${origin}/batches/${batch.id}.\n\n` +
        "Running this notebook submits the same jobs again, with the same per-job seeds (`state`), waits for them and unzips every result into " +
        `\`${folder}/\` in the Infinity layout (\`batch_id.txt\` and a folder per job).\n\n` +
        "Set `GENERATION_API_TOKEN` to an API token (Portal → Settings → API tokens) before running; `GENERATION_API_URL` defaults to the portal.",
    ),
    code(
      "import io, json, os, time, zipfile\n" +
        "import requests\n\n" +
        `BASE_URL = os.environ.get("GENERATION_API_URL", ${py(`${origin}/`)}).rstrip("/") + "/"\n` +
        'HEADERS = {"Authorization": "Token " + os.environ["GENERATION_API_TOKEN"]}\n' +
        `OUT_DIR = os.environ.get("OUT_DIR", ${py(folder)})\n` +
        `NAME = ${py(batch.name)}\n` +
        `GENERATOR = ${py(batch.generator)}\n` +
        `IS_PREVIEW = ${batch.kind === "preview" ? "True" : "False"}`,
    ),
    code(`# Every job's parameters, exactly as the original batch ran them.\nJOB_PARAMS = ${jobListLiteral(jobs)}\nprint(len(JOB_PARAMS), "jobs")`),
    code(
      'job_runs = [{"name": GENERATOR, "is_preview": IS_PREVIEW, "param_values": params} for params in JOB_PARAMS]\n' +
        'response = requests.post(BASE_URL + "api/batch/", headers=HEADERS, json={"name": NAME, "job_runs": job_runs}, timeout=300)\n' +
        "if response.status_code != 201:\n" +
        '    raise SystemExit(f"The Generation API refused the batch ({response.status_code}): {response.text[:500]}")\n' +
        "batch = response.json()\n" +
        'print("Submitted batch", batch["id"], "with", len(batch["job_runs"]), "jobs")',
    ),
    code(
      "while True:\n" +
        '    summary = requests.get(f"{BASE_URL}api/batch/{batch[\'id\']}/summary/", headers=HEADERS, timeout=60).json()["job_runs"]\n' +
        '    finished = sum(not job["in_progress"] for job in summary)\n' +
        '    print(f"{finished}/{len(summary)} jobs finished", flush=True)\n' +
        "    if finished == len(summary):\n" +
        "        break\n" +
        "    time.sleep(5)",
    ),
    code(
      "os.makedirs(OUT_DIR, exist_ok=True)\n" +
        'with open(os.path.join(OUT_DIR, "batch_id.txt"), "w") as f:\n' +
        '    f.write(batch["id"] + "\\n")\n' +
        'failed = [job["id"] for job in summary if not job["result_url"]]\n' +
        "for job in summary:\n" +
        '    if job["result_url"]:\n' +
        '        # result_url is a signed link: no token is sent with it.\n' +
        '        result = requests.get(job["result_url"], timeout=600)\n' +
        "        result.raise_for_status()\n" +
        "        zipfile.ZipFile(io.BytesIO(result.content)).extractall(OUT_DIR)\n" +
        'print(f"Downloaded {len(summary) - len(failed)} jobs into {OUT_DIR}/", f"({len(failed)} failed: {failed})" if failed else "")',
    ),
  ];
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" }, language_info: { name: "python" } },
    cells: cells.map((cell, i) => ({ id: `cell-${i}`, ...cell })),
  };
  await recordAudit(await getDb(), auditFor(member, "batch.downloaded", { type: "batch", id: batch.id }, { name: batch.name, what: "notebook" }));
  return { filename: `${folder}.ipynb`, contentType: "application/x-ipynb+json", body: new Blob([JSON.stringify(notebook, null, 1)]).stream() };
}
