"use client";
import { useDeferredValue, useMemo, useState } from "react";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { validateRecipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { LazyDistributionsGrid } from "@/components/charts/lazy-distributions-grid";
import { Card } from "@/components/ui/card";

/** The editor's recipe as typed: numbers may be NaN, anything may be invalid. */
interface DraftRecipe {
  generator: string;
  kind: string;
  jobCount: number;
  seed: number;
  params: Record<string, unknown>;
  jobs?: unknown;
}

/**
 * "Distributions": every job of the recipe sampled in the browser (the same code the server
 * runs on submit), one chart per parameter. Sampling 10,000 jobs takes up to ~150 ms, so it
 * runs on a deferred copy of the recipe and only when something that changes a value
 * changes: typing the batch name never resamples. While the recipe has a problem, the last
 * valid recipe's charts stay, dimmed, instead of vanishing at every half-typed number.
 */
export function Distributions({ spec, recipe }: { spec: GeneratorSpec; recipe: DraftRecipe }) {
  const draft = useDeferredValue(recipe);
  const { generator, kind, jobCount, seed, params, jobs } = draft;
  const sampled = useMemo(() => {
    // The name changes no value; a placeholder keeps an unnamed batch from hiding its charts.
    const validation = validateRecipe(spec, { generator, kind, jobCount, seed, params, jobs, name: "distributions" });
    if (!validation.ok) return null;
    return { recipe: validation.recipe, jobs: sampleJobs(spec, validation.recipe) };
  }, [spec, generator, kind, jobCount, seed, params, jobs]);
  const [lastValid, setLastValid] = useState(sampled);
  if (sampled && sampled !== lastValid) setLastValid(sampled);
  const shown = sampled ?? lastValid;
  const [colourBy, setColourBy] = useState<string | null>(null);

  return (
    <Card className="p-5" data-testid="distributions">
      <h2 className="mb-1 font-medium">Distributions</h2>
      <p className="mb-3 text-sm text-zinc-500">
        {shown && "jobs" in shown.recipe && shown.recipe.jobs ? "The listed jobs, one chart per parameter." : "Every job of this recipe, sampled here as the server will, beside the distribution you asked for."}
      </p>
      {!sampled ? (
        <p className="mb-3 text-sm text-zinc-500" role="status">
          {shown ? "Showing the last valid recipe: fix the problems above to update the charts." : "Fix the problems above to see the distributions."}
        </p>
      ) : null}
      {shown ? (
        <div className={sampled ? undefined : "opacity-50"}>
          <LazyDistributionsGrid spec={spec} recipe={shown.recipe} jobs={shown.jobs} colourBy={colourBy} onColourByChange={setColourBy} />
        </div>
      ) : null}
    </Card>
  );
}
