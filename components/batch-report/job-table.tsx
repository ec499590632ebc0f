"use client";
import { Card } from "@/components/ui/card";
import { browserOnly } from "@/components/ui/browser-only";
import { LoadingRows } from "./loading-rows";

/**
 * The job table, loaded in the browser only: its rows come from the jobs API anyway, so the
 * server could render nothing but this placeholder, and its code stays out of the report's
 * first load.
 */
export const JobTable = browserOnly(
  () => import("./job-table-view").then((m) => m.JobTableView),
  <Card className="p-4 sm:p-5" data-testid="job-table-loading">
    <h2 className="mb-3 font-medium">Jobs</h2>
    <LoadingRows />
  </Card>,
);
