"use client";
import { Bar, ComposedChart, Tooltip, XAxis, YAxis, usePlotArea, useYAxisScale } from "recharts";
import { countAxis } from "@/lib/charts/binning";
import type { ChartRow, CountChart as CountChartModel } from "@/lib/charts/param-charts";
import { ACCENT, groupColour } from "./palette";

/** Compact enough for a grid of 31 parameters, tall enough to read a shape. */
export const CHART_HEIGHT = 140;
const Y_AXIS_WIDTH = 34;
/** Between category bars; histogram bins touch. */
const BAR_GAP = 0.15;

/**
 * Counts per bin (a histogram) or per category (bars), stacked by the colouring parameter's
 * values when there is one, with the requested shape drawn over them: a step line for a
 * histogram, a tick per bar for categories. Shared by the histogram and category charts.
 */
export function CountChart({ chart }: { chart: CountChartModel }) {
  const histogram = chart.kind === "histogram";
  const groups = chart.colourBy?.labels ?? null;
  // The axis must reach the requested marks too, not only the bars.
  const axis = countAxis(Math.max(...chart.rows.map((r) => Math.max(r.count, r.expected ?? 0))));
  const hasExpected = chart.rows.some((r) => r.expected !== null);
  return (
    <ComposedChart
      responsive
      style={{ width: "100%", height: CHART_HEIGHT }}
      data={chart.rows}
      // Without its x axis a histogram's bottom "0" tick would be cut in half.
      margin={{ top: 6, right: 4, bottom: histogram ? 6 : 0, left: 0 }}
      barCategoryGap={histogram ? 0 : `${BAR_GAP * 100}%`}
      accessibilityLayer={false}
    >
      <XAxis
        dataKey="label"
        hide={histogram}
        height={18}
        tick={{ fontSize: 10, fill: "currentColor" }}
        tickLine={false}
        axisLine={{ stroke: "currentColor", strokeOpacity: 0.3 }}
        interval="preserveStartEnd"
      />
      <YAxis
        width={Y_AXIS_WIDTH}
        domain={[0, axis.top]}
        ticks={axis.ticks}
        interval={0}
        tick={{ fontSize: 10, fill: "currentColor" }}
        tickFormatter={compactCount}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip
        isAnimationActive={false}
        cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
        content={({ active, payload }) => (active && payload?.[0] ? <RowTooltip row={payload[0].payload as ChartRow} groups={groups} histogram={histogram} /> : null)}
      />
      {groups ? (
        groups.map((label, g) => (
          <Bar key={label} name={label} dataKey={(row: ChartRow) => row.stacks[g] ?? 0} stackId="groups" fill={groupColour(g)} isAnimationActive={false} />
        ))
      ) : (
        <Bar name="sampled" dataKey="count" fill={ACCENT} isAnimationActive={false} />
      )}
      {hasExpected ? <RequestedShape rows={chart.rows} histogram={histogram} /> : null}
    </ComposedChart>
  );
}

/** The recipe's expected counts: a step outline over the bins, or a tick over each bar. */
function RequestedShape({ rows, histogram }: { rows: ChartRow[]; histogram: boolean }) {
  const area = usePlotArea();
  const y = useYAxisScale();
  if (!area || !y || rows.length === 0) return null;
  // A category axis divides the plot area into equal bands, one per row.
  const band = area.width / rows.length;
  const at = (v: number | null) => y(v ?? 0) ?? area.y + area.height;
  let d = "";
  if (histogram) {
    rows.forEach((row, i) => {
      const x0 = area.x + i * band;
      d += `${i === 0 ? "M" : "L"}${x0},${at(row.expected)}H${x0 + band}`;
    });
  } else {
    const half = (band * (1 - 2 * BAR_GAP)) / 2 + 2;
    rows.forEach((row, i) => {
      const cx = area.x + (i + 0.5) * band;
      d += `M${cx - half},${at(row.expected)}H${cx + half}`;
    });
  }
  return (
    <g className="text-zinc-900 dark:text-zinc-100" data-requested="">
      <path d={d} fill="none" stroke="currentColor" strokeWidth={histogram ? 1.5 : 2} strokeLinejoin="round" pointerEvents="none" />
    </g>
  );
}

function RowTooltip({ row, groups, histogram }: { row: ChartRow; groups: string[] | null; histogram: boolean }) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2 py-1 text-xs shadow-sm dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium tabular">{row.label}</p>
      <p className="tabular">
        {row.count} {histogram ? "in this bin" : "sampled"}
        {row.expected !== null ? ` · ${formatExpected(row.expected)} requested` : ""}
      </p>
      {groups
        ? groups.map((label, g) =>
            row.stacks[g] ? (
              <p key={label} className="flex items-center gap-1 tabular">
                <span className="inline-block size-2 rounded-sm" style={{ background: groupColour(g) }} />
                {label} {row.stacks[g]}
              </p>
            ) : null,
          )
        : null}
    </div>
  );
}

/** "12.5", "0.3", "<0.1": an expected count is an average, not a whole number. */
function formatExpected(x: number): string {
  if (x > 0 && x < 0.1) return "<0.1";
  return x >= 100 ? String(Math.round(x)) : String(Math.round(x * 10) / 10);
}

/** 10000 → "10k": the y axis is 34 px wide. */
function compactCount(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n);
}
