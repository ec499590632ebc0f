"use client";
import { useState } from "react";
import useSWR from "swr";
import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import type { Recipe } from "@/lib/generation/recipe";
import { jsonFetcher } from "@/lib/swr/fetcher";
import { LazyDistributionsGrid } from "@/components/charts/lazy-distributions-grid";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/**
 * The recipe's requested distributions beside the values the server actually sampled. Opened
 * on demand: a 10,000-job batch's parameters are megabytes, and the charts are their own chunk,
 * so a phone checking status downloads neither.
 */
export function BatchDistributions({ batchId, spec, recipe, icon }: { batchId: string; spec: GeneratorSpec; recipe: Recipe; icon: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [colourBy, setColourBy] = useState<string | null>(null);
  const { data, error, isLoading } = useSWR<{ jobs: ParamValues[] }>(open ? `/api/portal/batches/${batchId}/params` : null, jsonFetcher, { revalidateOnFocus: false });
  return (
    <Card className="p-4 sm:p-5" data-testid="batch-distributions">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="font-medium">Distributions</h2>
          <p className="text-sm text-zinc-500">What the recipe asked for, drawn over the values each job actually got.</p>
        </div>
        {!open ? (
          <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
            {icon} Show distributions
          </Button>
        ) : null}
      </div>
      {open ? (
        <div className="mt-4">
          {error ? <p className="text-sm text-red-600">{(error as Error).message}</p> : null}
          {isLoading ? <div className="h-40 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" /> : null}
          {data ? <LazyDistributionsGrid spec={spec} recipe={recipe} jobs={data.jobs} colourBy={colourBy} onColourByChange={setColourBy} /> : null}
        </div>
      ) : null}
    </Card>
  );
}
