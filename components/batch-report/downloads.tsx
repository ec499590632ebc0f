import { Download } from "@/components/ui/icons";
import { Card } from "@/components/ui/card";

const LINKS = [
  { what: "zip", label: "Whole batch (.zip)", hint: "batch_id.txt and a folder per finished job" },
  { what: "coco", label: "Labels, merged COCO (.json)", hint: "every job's labels in one file" },
  { what: "parameters.csv", label: "Job parameters (.csv)", hint: "one row per job" },
  { what: "parameters.json", label: "Job parameters (.json)", hint: "a list of objects, as Python prints it" },
  { what: "notebook", label: "Notebook (.ipynb)", hint: "re-submits these jobs with Python requests and downloads them" },
] as const;

/**
 * Plain links: the browser streams each file to disk, so a large batch never sits in a tab's memory.
 * A shared report leaves out the notebook, which is for re-submitting with the team's own token.
 */
export function Downloads({ base, notebook = true }: { base: string; notebook?: boolean }) {
  return (
    <Card className="p-4 sm:p-5" data-testid="downloads">
      <h2 className="mb-3 font-medium">Downloads</h2>
      <ul className="grid gap-2 sm:grid-cols-2">
        {LINKS.filter((link) => notebook || link.what !== "notebook").map((link) => (
          <li key={link.what}>
            <a href={`${base}/download?what=${link.what}`} download className="flex items-start gap-2 rounded-md border border-zinc-200 p-3 text-sm hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50">
              <Download aria-hidden className="mt-0.5 size-4 shrink-0 text-zinc-500" />
              <span>
                <span className="block font-medium">{link.label}</span>
                <span className="block text-xs text-zinc-500">{link.hint}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}
