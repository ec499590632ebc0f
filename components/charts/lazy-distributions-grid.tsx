"use client";
import { browserOnly } from "@/components/ui/browser-only";

/**
 * The grid with recharts loaded on demand: the charting code is a chunk of its own, fetched
 * when a page first shows distributions, so it weighs nothing on any page's first load. Only
 * in the browser: the charts measure their container, and the jobs are sampled there anyway.
 */
export const LazyDistributionsGrid = browserOnly(
  () => import("./distributions-grid").then((m) => m.DistributionsGrid),
  <p className="text-sm text-zinc-500" role="status">
    Loading charts…
  </p>,
);
