"use client";
import { useId, useMemo, useState } from "react";
import { FileUp } from "@/components/ui/icons";
import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import { csvTemplate, detectFormat, parseJobs, type JobFormat, type JobImportError } from "@/lib/generation/job-import";
import { MAX_JOBS } from "@/lib/generation/recipe-schema";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** Files bigger than this are not read: 10,000 jobs with every parameter are well under it. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const textareaClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-xs shadow-xs placeholder:text-zinc-400 focus:border-accent focus:outline-2 focus:outline-accent/30 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";

/**
 * The parameters a pasted list sets, those whose value changes from job to job first: the
 * First jobs table shows these first. The first 1,000 jobs are enough to tell.
 */
export function pastedColumns(jobs: ParamValues[]): string[] {
  const sample = jobs.slice(0, 1000);
  const first = new Map<string, unknown>();
  const count = new Map<string, number>();
  const varying = new Set<string>();
  for (const job of sample) {
    for (const [key, value] of Object.entries(job)) {
      count.set(key, (count.get(key) ?? 0) + 1);
      if (!first.has(key)) first.set(key, value);
      else if (first.get(key) !== value) varying.add(key);
    }
  }
  // A key some jobs leave out varies too: those jobs take the default.
  for (const [key, n] of count) if (n < sample.length) varying.add(key);
  return [...[...first.keys()].filter((k) => varying.has(k)), ...[...first.keys()].filter((k) => !varying.has(k))];
}

/**
 * The recipe as JSON for the form. A pasted list can be 10,000 jobs (~7 MB of JSON): it is
 * stringified once when it changes, not again on every keystroke in the batch name.
 */
export function useRecipeJson(recipe: Record<string, unknown>, jobs: ParamValues[] | null): string {
  const jobsJson = useMemo(() => (jobs ? JSON.stringify(jobs) : null), [jobs]);
  const head = JSON.stringify({ ...recipe, jobs: undefined });
  return jobsJson ? `${head.slice(0, -1)},"jobs":${jobsJson}}` : head;
}

interface Props {
  spec: GeneratorSpec;
  /** The jobs in use, or null when the distributions make the batch. */
  jobs: ParamValues[] | null;
  onChange: (jobs: ParamValues[] | null) => void;
  /** Problems the editor's own check finds in the jobs in use (a workflow saved under an older schema). */
  problems?: JobImportError[];
}

/**
 * "Paste or upload jobs": the batch as an explicit list of jobs instead of distributions. The
 * text is read only when the user asks (button or file choice), and is used only when every row
 * fits the generator; otherwise each problem is listed by row and column and nothing changes.
 */
export function JobsImport({ spec, jobs, onChange, problems = [] }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<JobImportError[] | null>(null);
  const [source, setSource] = useState<string>(jobs ? "saved" : "pasted");

  function apply(content: string, from: string, format?: JobFormat) {
    const result = parseJobs(spec, content, format ?? detectFormat(content));
    setErrors(result.errors);
    if (result.errors.length > 0) return;
    setSource(from);
    onChange(result.jobs);
    setOpen(false);
  }

  async function upload(file: File) {
    if (file.size > MAX_FILE_BYTES) {
      setErrors([{ row: null, column: null, message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; files up to 20 MB are read.` }]);
      return;
    }
    const content = await file.text();
    setText(content);
    const format = /\.csv$/i.test(file.name) ? "csv" : /\.jsonl?$/i.test(file.name) ? "json" : undefined;
    apply(content, `from ${file.name}`, format);
  }

  const shownErrors = errors && errors.length > 0 ? errors : null;
  const count = jobs?.length ?? 0;

  return (
    <Card className="space-y-3 p-5" data-testid="jobs-import">
      {jobs ? (
        <div role="status" data-testid="jobs-import-banner" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-accent/40 bg-accent/10 px-3 py-2 text-sm">
          <span>
            Using <span className="tabular font-semibold">{count.toLocaleString("en")}</span> {source === "pasted" ? "pasted jobs" : source === "saved" ? "listed jobs" : `jobs ${source}`} —
            distributions are ignored.
          </span>
          <Button type="button" size="sm" variant="secondary" onClick={() => (onChange(null), setErrors(null))}>
            Clear
          </Button>
        </div>
      ) : null}
      {problems.length > 0 ? <ErrorTable errors={problems} caption="The jobs in use do not fit the generator" /> : null}

      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer font-medium">
          Paste or upload jobs <span className="text-sm font-normal text-zinc-500">· JSON or CSV, instead of distributions</span>
        </summary>
        <div className="mt-3 space-y-3">
          <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-400" id={`${id}-help`}>
            <p>List the jobs yourself instead of using distributions: one job per row or object, up to {MAX_JOBS.toLocaleString("en")}.</p>
            <ul className="list-disc space-y-0.5 pl-5">
              <li>
                <strong>JSON</strong>: a list of objects such as <code className="font-mono text-xs">[{`{"scene": "GYM_1", "num_reps": 3}`}]</code>. What Python prints for a list of dicts works
                too (single quotes, True/False/None), as does one object per line.
              </li>
              <li>
                <strong>CSV</strong>: a header row of parameter names, then one job per row. Cells are read with each parameter&apos;s type (true/false, yes/no or 1/0 for
                switches).
              </li>
              <li>Parameters a job leaves out, empty cells and null take the parameter&apos;s default. Keys must be parameters of {spec.name}.</li>
            </ul>
          </div>
          <label htmlFor={`${id}-text`} className="block text-sm font-medium">
            Jobs as JSON or CSV
          </label>
          <textarea
            id={`${id}-text`}
            rows={8}
            spellCheck={false}
            className={textareaClass}
            value={text}
            aria-describedby={`${id}-help`}
            aria-invalid={shownErrors ? true : undefined}
            placeholder={'[{"scene": "GYM_1", "num_reps": 3}, {"scene": "OFFICE_1", "lighting_power": 250}]\n\nor\n\nscene,num_reps,lighting_power\nGYM_1,3,\nOFFICE_1,,250'}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" onClick={() => apply(text, "pasted")} disabled={text.trim() === ""}>
              Use these jobs
            </Button>
            <label className="inline-flex h-10 cursor-pointer items-center gap-2 rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium hover:bg-zinc-100 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800">
              <FileUp className="size-4" aria-hidden />
              Upload .json or .csv
              <input
                type="file"
                accept=".json,.jsonl,.csv,.txt,application/json,text/csv"
                className="sr-only"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = ""; // choosing the same file again reads it again
                  if (file) void upload(file);
                }}
              />
            </label>
            <Button type="button" variant="ghost" onClick={() => (setText(csvTemplate(spec)), setErrors(null))}>
              Start from a CSV template
            </Button>
          </div>
          <div aria-live="polite" data-testid="jobs-import-errors">
            {shownErrors ? <ErrorTable errors={shownErrors} caption="Nothing was changed. Fix these and press Use these jobs again" /> : null}
          </div>
        </div>
      </details>
    </Card>
  );
}

function ErrorTable({ errors, caption }: { errors: JobImportError[]; caption: string }) {
  const real = errors.filter((e) => !e.message.startsWith("… and "));
  const more = errors.find((e) => e.message.startsWith("… and "));
  return (
    <div className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40">
      <p className="font-medium text-red-700 dark:text-red-300">
        {real.length === 1 && !more ? "1 problem" : `${more ? "More than " : ""}${real.length} problems`}. {caption}.
      </p>
      <div className="max-h-72 overflow-auto">
        <table className="w-full text-left text-xs" data-testid="jobs-import-error-table">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Row</th>
              <th className="py-1 pr-3 font-medium">Column</th>
              <th className="py-1 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody>
            {real.map((e, i) => (
              <tr key={i} className="border-t border-red-100 align-top dark:border-red-900/60" data-testid="jobs-import-error" data-row={e.row ?? ""} data-column={e.column ?? ""}>
                <td className="py-1 pr-3 tabular">{e.row ?? "—"}</td>
                <td className="py-1 pr-3 font-mono whitespace-nowrap">{e.column ?? "—"}</td>
                <td className="py-1">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{more.message}</p> : null}
    </div>
  );
}
