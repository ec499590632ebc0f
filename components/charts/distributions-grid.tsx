"use client";
import { memo, useDeferredValue, useMemo } from "react";
import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";
import { distributionCharts, type ChartRecipe, type ColourGroups } from "@/lib/charts/param-charts";
import { selectClass } from "@/components/ui/field";
import { ACCENT, groupColour } from "./palette";
import { ParamChart } from "./param-chart";

export interface DistributionsGridProps {
  spec: GeneratorSpec;
  /** The requested distributions (or the explicit jobs that replace them). */
  recipe: ChartRecipe;
  /** The jobs to count: sampled in the browser by the editor, the batch's own on its report. */
  jobs: readonly ParamValues[];
  /** A categorical parameter whose values colour every chart; null for one colour. */
  colourBy: string | null;
  /** Shows the "Colour by" select when given. */
  onColourByChange?: (param: string | null) => void;
}

/**
 * Memoised: the editor re-renders on every keystroke (the batch name too), and redrawing 31
 * charts for nothing is what would make typing lag.
 *
 * One chart per parameter: what was sampled, with the requested shape drawn over it. The
 * parameters that vary get a chart each in a grid (1 column on a phone, 2–3 on a desk); the
 * ones with a single value get a small card each, after them.
 */
export const DistributionsGrid = memo(function DistributionsGrid({ spec, recipe, jobs, colourBy: requested, onColourByChange }: DistributionsGridProps) {
  // Colouring redraws every chart: let the select answer at once and the charts follow.
  const colourBy = useDeferredValue(requested);
  const model = useMemo(() => distributionCharts(spec, recipe, jobs, colourBy), [spec, recipe, jobs, colourBy]);
  const varying = model.charts.filter((c) => c.kind !== "constant");
  const constants = model.charts.filter((c) => c.kind === "constant");
  const listed = Array.isArray(recipe.jobs);
  return (
    <div className="space-y-4" data-testid="distributions-grid" data-jobs={jobs.length}>
      <div className="flex flex-wrap items-end justify-between gap-3 text-xs text-zinc-500 dark:text-zinc-400">
        <Key colour={model.colourBy} listed={listed} jobs={jobs.length} />
        {onColourByChange ? (
          <label className="flex items-center gap-2">
            Colour by
            <select
              aria-label="Colour by"
              className={selectClass("w-auto py-1 text-xs")}
              value={requested && model.colourByOptions.includes(requested) ? requested : ""}
              disabled={model.colourByOptions.length === 0}
              onChange={(e) => onColourByChange(e.target.value || null)}
            >
              <option value="">{model.colourByOptions.length === 0 ? "No categorical parameter varies" : "None"}</option>
              {model.colourByOptions.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {varying.length > 0 ? (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {varying.map((chart) => (
            <ParamChart key={chart.param} chart={chart} />
          ))}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">Every parameter has the same value in every job: give one a distribution to see its chart.</p>
      )}
      {constants.length > 0 ? (
        <div>
          <h3 className="mb-2 text-xs font-medium text-zinc-500 dark:text-zinc-400">Single values</h3>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
            {constants.map((chart) => (
              <ParamChart key={chart.param} chart={chart} />
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
});

/** What the marks mean, and the colouring's values. */
function Key({ colour, listed, jobs }: { colour: ColourGroups | null; listed: boolean; jobs: number }) {
  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-3 rounded-sm" style={{ background: colour ? groupColour(0) : ACCENT }} />
          {jobs.toLocaleString("en")} {listed ? "listed" : "sampled"} job{jobs === 1 ? "" : "s"}
        </span>
        {listed ? null : (
          <span className="flex items-center gap-1">
            <span className="inline-block h-0 w-3 border-t-2 border-zinc-900 dark:border-zinc-100" />
            requested distribution
          </span>
        )}
      </p>
      {colour ? (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="colour-legend">
          <span>Coloured by {colour.param}:</span>
          {colour.labels.map((label, g) => (
            <span key={label} className="flex items-center gap-1">
              <span className="inline-block size-2.5 rounded-sm" style={{ background: groupColour(g) }} />
              {label}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
