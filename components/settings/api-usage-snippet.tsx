import { Card } from "@/components/ui/card";
import { CopyButton } from "./copy-button";

/** How to call the API with a token, with this portal's own address filled in. */
export function ApiUsageSnippet({ origin }: { origin: string }) {
  const command = `curl -H "Authorization: Token $TOKEN" ${origin}/api/jobs/`;
  return (
    <Card className="p-5">
      <h2 className="mb-1 font-medium">How to use</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Send the token in the <code className="font-mono text-xs">Authorization</code> header of every request to the Generation API.
        This lists the team&apos;s jobs:
      </p>
      <div className="flex flex-col items-start gap-2 sm:flex-row">
        <pre className="w-full min-w-0 flex-1 rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere] dark:bg-zinc-950" data-testid="api-usage">
          <code>{command}</code>
        </pre>
        <CopyButton value={command} />
      </div>
      <p className="mt-2 text-xs text-zinc-500">
        Set it first with <code className="font-mono">export TOKEN=inf_…</code>, or keep it in your CI&apos;s secret store.
      </p>
    </Card>
  );
}
