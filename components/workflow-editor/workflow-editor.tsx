"use client";
import { startTransition, useActionState, useDeferredValue, useMemo, useState, useTransition } from "react";
import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import { recipeSizeProblem, validateRecipe, type ParamRecipe, type Recipe } from "@/lib/generation/recipe";
import { utf8Length } from "@/lib/actions/body-limits";
import { saveWorkflowAction } from "@/lib/actions/save-workflow";
import { sampleJobs } from "@/lib/generation/sampling";
import { estimateBatchAction } from "@/lib/actions/estimate-batch";
import type { ActionState } from "@/lib/actions/safe-action";
import { submitBatchAction } from "@/lib/actions/submit-batch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { ParamRow } from "./param-row";
import { JobsPreview } from "./jobs-preview";
import { Distributions } from "./distributions";
import { JobsImport, pastedColumns, useRecipeJson } from "./jobs-import";

const PREVIEW_ROWS = 8;

/**
 * The batch editor, generated from the generator's schema: a mode per parameter, the recipe
 * checked in the browser as it changes, and the first jobs shown. The server checks and
 * samples again on submit; nothing sampled here is sent.
 */
/** `initialSeed` and `idempotencyKey` come from the server so the page hydrates identically. */
export function WorkflowEditor({
  spec,
  initialSeed,
  idempotencyKey,
  initial,
  workflowId: savedId,
}: {
  spec: GeneratorSpec;
  initialSeed: number;
  idempotencyKey: string;
  /** A saved workflow's recipe (reopen, duplicate and modify). */
  initial?: Partial<Recipe>;
  workflowId?: string;
}) {
  const [name, setName] = useState(initial?.name ?? "");
  const [kind, setKind] = useState<"preview" | "video">(initial?.kind ?? "preview");
  const [jobCount, setJobCount] = useState(initial?.jobCount ?? 10);
  const [seed, setSeed] = useState(initial?.seed ?? initialSeed);
  const [params, setParams] = useState<Record<string, ParamRecipe>>(initial?.params ?? {});
  // Pasted or uploaded jobs replace the distributions (and the job count) while set.
  const [listedJobs, setListedJobs] = useState<ParamValues[] | null>(initial?.jobs ?? null);
  const [workflowId, setWorkflowId] = useState(savedId ?? "");
  const [saveState, setSaveState] = useState<ActionState<{ id: string }> | null>(null);
  const [saving, startSave] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(submitBatchAction, null);
  const [estimate, setEstimate] = useState<ActionState<{ frames: number; jobs: number }> | null>(null);
  const [estimating, startEstimate] = useTransition();
  // Checked when the recipe is about to be sent, not on every keystroke: measuring 9 MB takes a moment.
  const [sizeProblem, setSizeProblem] = useState<string | null>(null);

  const recipe = { generator: spec.name, kind, jobCount: listedJobs ? listedJobs.length : jobCount, seed, name, params, ...(listedJobs ? { jobs: listedJobs } : {}) };
  const recipeJson = useRecipeJson(recipe, listedJobs);
  const deferred = useDeferredValue(recipe);
  const validation = useMemo(() => validateRecipe(spec, deferred), [spec, deferred]);
  const jobs = useMemo(() => (validation.ok ? sampleJobs(spec, { ...validation.recipe, jobs: validation.recipe.jobs?.slice(0, PREVIEW_ROWS) }).slice(0, PREVIEW_ROWS) : []), [spec, validation]);
  const fieldErrors = validation.ok ? {} : validation.fieldErrors;
  const paramErrors = validation.ok ? {} : validation.paramErrors;
  const serverErrors = state?.fieldErrors ?? {};

  /**
   * The form data every recipe action sends, or null (and the reason shown) when the recipe is
   * over the size cap: the server would refuse it, after the whole upload. Built here rather than
   * kept in hidden inputs, whose value the server would render into the page's HTML as well: a
   * saved 10,000-job workflow would then be in its editor page twice.
   */
  function recipeForm(): FormData | null {
    const problem = recipeSizeProblem(utf8Length(recipeJson));
    setSizeProblem(problem);
    if (problem) return null;
    const form = new FormData();
    form.set("recipe", recipeJson);
    return form;
  }

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const form = recipeForm();
        if (!form) return;
        if (!confirming) {
          // First press: show what will be submitted, with the API's own frame estimate.
          setConfirming(true);
          startEstimate(async () => setEstimate((await estimateBatchAction(null, form)) as ActionState<{ frames: number; jobs: number }>));
          return;
        }
        form.set("idempotencyKey", idempotencyKey);
        form.set("workflowId", workflowId);
        startTransition(() => action(form));
      }}
    >
      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <Field label="Batch name" name="batch-name" value={name} onChange={(e) => setName(e.target.value)} errors={name || state ? [fieldErrors.name ?? serverErrors.name?.[0] ?? ""].filter(Boolean) : undefined} />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Kind</legend>
          <div className="flex gap-4 pt-2 text-sm">
            {(["preview", "video"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name="kind-choice" checked={kind === k} onChange={() => setKind(k)} /> {k === "preview" ? "Previews (one frame per job)" : "Videos"}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Jobs" name="job-count" type="number" min={1} max={10000} value={listedJobs ? listedJobs.length : Number.isFinite(jobCount) ? jobCount : ""} disabled={Boolean(listedJobs)} className={listedJobs ? "opacity-60" : undefined} hint={listedJobs ? "Set by the pasted jobs." : undefined} onChange={(e) => setJobCount(e.target.value === "" ? Number.NaN : Number(e.target.value))} errors={fieldErrors.jobCount ? [fieldErrors.jobCount] : undefined} />
        <Field label="Seed" name="seed" type="number" min={0} value={Number.isFinite(seed) ? seed : ""} onChange={(e) => setSeed(e.target.value === "" ? Number.NaN : Number(e.target.value))} hint="The same seed gives the same jobs." errors={fieldErrors.seed ? [fieldErrors.seed] : undefined} />
      </Card>

      <JobsImport spec={spec} jobs={listedJobs} onChange={setListedJobs} problems={validation.ok ? [] : validation.jobErrors} />

      <Card className="p-5">
        <h2 className="mb-1 font-medium">Job parameters</h2>
        <p className="mb-2 text-sm text-zinc-500">
          {listedJobs ? "Not used while pasted jobs are in use; clear them to go back to distributions." : "Give each parameter a fixed value or a distribution. Parameters left on Default use the generator's default."}
        </p>
        {/* inert: while pasted jobs are in use the distributions can be seen but not changed. */}
        <ul className={`divide-y divide-zinc-200 dark:divide-zinc-800${listedJobs ? " opacity-50" : ""}`} inert={Boolean(listedJobs)} data-testid="param-list">
          {spec.params.map((param) => (
            <ParamRow
              key={param.name}
              param={param}
              recipe={params[param.name] ?? { mode: "default" }}
              error={paramErrors[param.name] ?? serverErrors[`params.${param.name}`]?.[0]}
              onChange={(next) => setParams((prev) => ({ ...prev, [param.name]: next }))}
            />
          ))}
        </ul>
      </Card>

      <Distributions spec={spec} recipe={recipe} />

      <Card className="p-5">
        <h2 className="mb-3 font-medium">First jobs</h2>
        <JobsPreview spec={spec} jobs={jobs} varying={listedJobs ? pastedColumns(listedJobs) : Object.keys(params).filter((k) => params[k]!.mode !== "default")} />
      </Card>

      {confirming ? (
        <Card className="space-y-3 border-accent p-5" data-testid="confirm-panel">
          <h2 className="font-medium">Confirm submission</h2>
          <p className="text-sm">
            <span className="tabular">{recipe.jobCount.toLocaleString("en")}</span> {listedJobs ? "pasted " : ""}{kind === "preview" ? "preview" : "video"} jobs of {spec.name} (version {spec.version || "—"}), seed{" "}
            <span className="tabular">{seed}</span>.
          </p>
          <p className="text-sm" data-testid="frame-estimate" aria-live="polite">
            {estimating || !estimate
              ? "Asking the Generation API for an estimate…"
              : estimate.ok && estimate.data
                ? `The Generation API estimates ${estimate.data.frames.toLocaleString("en")} frames in all.`
                : (estimate.message ?? "No estimate available.")}
          </p>
          <div className="flex gap-2">
            <Button type="submit" disabled={pending || !validation.ok}>
              {pending ? "Submitting…" : "Confirm and submit"}
            </Button>
            <Button type="button" variant="secondary" onClick={() => (setConfirming(false), setEstimate(null))}>
              Back
            </Button>
          </div>
        </Card>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={!validation.ok}>
            Review and submit
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={saving}
            onClick={() => {
              const form = recipeForm();
              if (!form) return;
              form.set("workflowId", workflowId);
              startSave(async () => {
                const result = (await saveWorkflowAction(null, form)) as ActionState<{ id: string }>;
                setSaveState(result);
                if (result.ok && result.data) setWorkflowId(result.data.id);
              });
            }}
          >
            {saving ? "Saving…" : workflowId ? "Save workflow" : "Save as workflow"}
          </Button>
          <FormMessage state={saveState} />
        </div>
      )}
      {sizeProblem ? (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert" data-testid="recipe-size-problem">
          {sizeProblem}
        </p>
      ) : null}
      {!validation.ok ? (
        <p className="text-sm text-red-600 dark:text-red-400" role="status">
          {validation.messages.length} problem{validation.messages.length === 1 ? "" : "s"} to fix before submitting.
        </p>
      ) : null}
      <FormMessage state={state} />
    </form>
  );
}
