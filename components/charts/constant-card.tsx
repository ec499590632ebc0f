import type { ConstantChart } from "@/lib/charts/param-charts";

/** One value for every job: no chart to draw, just the value, large enough to read at a glance. */
export function ConstantCard({ chart }: { chart: ConstantChart }) {
  return (
    <p className="truncate text-sm font-medium tabular" title={chart.value}>
      {chart.value}
    </p>
  );
}
