import { RelativeTime } from "@/components/ui/relative-time";

/** The report's facts line, the same for members and for a share link (which names no e-mail). */
export function BatchHeader({
  batch,
  submitter,
}: {
  batch: { generator: string; generatorVersion: string; kind: "preview" | "video"; jobCount: number; seed: number; submittedAt: Date | null; createdAt: Date };
  submitter: string | null;
}) {
  return (
    <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm" data-testid="batch-header">
      <Meta label="Generator">
        <span className="font-mono break-all">{batch.generator}</span>
        {batch.generatorVersion ? <span className="text-zinc-500"> v{batch.generatorVersion}</span> : null}
      </Meta>
      <Meta label="Kind">{batch.kind === "preview" ? "Previews (one frame per job)" : "Videos"}</Meta>
      <Meta label="Jobs · seed">
        <span className="tabular">{batch.jobCount.toLocaleString("en")}</span> · <span className="tabular">{batch.seed}</span>
      </Meta>
      <Meta label="Submitted">
        {submitter ? `${submitter}, ` : null}
        <RelativeTime date={batch.submittedAt ?? batch.createdAt} />
      </Meta>
    </dl>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}
