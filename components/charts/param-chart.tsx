"use client";
import { memo } from "react";
import type { ParamChart as ParamChartModel } from "@/lib/charts/param-charts";
import { cn } from "@/components/ui/cn";
import { ConstantCard } from "./constant-card";
import { CountChart } from "./count-chart";

/**
 * One parameter's chart in its frame: name, requested distribution, and the drawing. The
 * drawing is an image whose accessible name is the chart's summary ("exercise: PUSHUP 25,
 * SQUAT 25"), which tests read too; data-kind says which drawing it is.
 */
export const ParamChart = memo(ParamChartFrame, (a, b) => a.chart === b.chart || JSON.stringify(a.chart) === JSON.stringify(b.chart));

/**
 * Redrawing a chart is the expensive part (hundreds of SVG rectangles through recharts), and
 * a new model with the same content is the common case: editing one parameter leaves every
 * other parameter's values alone (one random stream each). Comparing a few hundred numbers
 * is far cheaper than drawing them again.
 */
function ParamChartFrame({ chart }: { chart: ParamChartModel }) {
  const constant = chart.kind === "constant";
  return (
    <figure
      data-testid={`chart-${chart.param}`}
      data-kind={chart.kind}
      data-colour-by={constant ? undefined : (chart.colourBy?.param ?? undefined)}
      className={cn("min-w-0 rounded-md border border-zinc-200 dark:border-zinc-800", constant ? "px-3 py-2" : "px-3 pt-2 pb-1")}
    >
      <figcaption className="min-w-0">
        {/* Long names wrap after an underscore rather than lose their end: relative_camera_pitch_deg in a phone's half column. */}
        <span className="block font-mono text-xs [overflow-wrap:anywhere]">{breakable(chart.param)}</span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400" title={chart.description}>
          {chart.description}
        </span>
      </figcaption>
      <div role="img" aria-label={chart.summary} className={cn(constant ? "mt-1" : "mt-1 text-zinc-500 dark:text-zinc-400")}>
        {constant ? (
          <ConstantCard chart={chart} />
        ) : (
          <>
            <CountChart chart={chart} />
            {chart.kind === "histogram" ? (
              // The histogram hides its x axis: its two ends say more than 20 crowded bin labels.
              <div className="flex justify-between pl-[34px] text-[10px] tabular" aria-hidden="true">
                <span>{chart.lo}</span>
                <span>{chart.hi}</span>
              </div>
            ) : null}
          </>
        )}
      </div>
    </figure>
  );
}

/** "relative_camera_yaw_deg" with a line-break opportunity after each underscore. */
function breakable(name: string): React.ReactNode[] {
  return name.split("_").flatMap((part, i, parts) => (i < parts.length - 1 ? [part, "_", <wbr key={i} />] : [part]));
}
