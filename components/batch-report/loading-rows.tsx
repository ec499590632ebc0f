/** Where the job table's rows will be, while they load. */
export function LoadingRows() {
  return <div className="h-40 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />;
}
