import type { GeneratorSpec, ParamValues } from "@/lib/generation/contract";

/** The first jobs as they will be submitted; the parameters being varied come first. */
export function JobsPreview({ spec, jobs, varying }: { spec: GeneratorSpec; jobs: ParamValues[]; varying: string[] }) {
  if (jobs.length === 0) return <p className="text-sm text-zinc-500">Fix the problems above to see the jobs.</p>;
  const columns = [...varying, ...spec.params.map((p) => p.name).filter((n) => !varying.includes(n) && n !== "state")].slice(0, 8);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs tabular" data-testid="jobs-preview">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1 pr-3 font-medium">#</th>
            {columns.map((c) => (
              <th key={c} className="py-1 pr-3 font-mono font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job, i) => (
            <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-1 pr-3 text-zinc-500">{i + 1}</td>
              {columns.map((c) => (
                <td key={c} className="py-1 pr-3 whitespace-nowrap">
                  {String(job[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
