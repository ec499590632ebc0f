import Link from "next/link";
import { notFound } from "next/navigation";
import { ImageOff } from "@/components/ui/icons";
import { ExampleGallery } from "@/components/generators/example-gallery";
import { ParamDoc } from "@/components/generators/param-doc";
import { groupParams } from "@/components/generators/param-groups";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { loadGeneratorDocs } from "@/lib/portal/generator-docs";
import { sampledExampleJobs } from "@/lib/portal/generator-examples";
import { requestOrigin, requireMember } from "@/lib/portal/session";

type Params = { params: Promise<{ name: string }> };

/** Route params may arrive still percent-encoded; a stray "%" must not crash the page. */
function nameOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Params) {
  return { title: nameOf((await params).name) };
}

export default async function GeneratorPage({ params }: Params) {
  const member = await requireMember();
  const name = nameOf((await params).name);
  const docs = await loadGeneratorDocs(member, await requestOrigin(), name);
  if (!docs) notFound();
  if ("problem" in docs) {
    return (
      <>
        <PageHeader title={name} />
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {docs.problem}
        </p>
      </>
    );
  }
  const { spec, examples } = docs;
  const groups = groupParams(spec.params);
  const hints = examples.available ? examples.builtIn.hints : null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/generators" className="text-zinc-500 hover:underline dark:text-zinc-400">
          Generators
        </Link>
      </p>
      <PageHeader
        title={spec.name}
        description={docs.description || undefined}
        actions={
          <Button asChild variant="secondary">
            <Link href={`/workflows/new?generator=${encodeURIComponent(spec.name)}`}>New batch</Link>
          </Button>
        }
      />
      <p className="-mt-3 mb-6 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
        <span>
          version <span className="font-mono text-zinc-900 dark:text-zinc-100">{spec.version || "?"}</span>
        </span>
        <span>
          <span className="tabular text-zinc-900 dark:text-zinc-100">{spec.params.length}</span> parameters
        </span>
        <span>{spec.options.preview ? "renders previews and videos" : "renders videos only"}</span>
      </p>

      {examples.available ? (
        <Card className="mb-6 p-4 sm:p-5">
          <h2 className="font-medium">Random jobs</h2>
          <p className="mb-3 text-sm text-zinc-500 dark:text-zinc-400">Four preview frames as the Random mode draws them (a fixed seed, so they stay the same).</p>
          <ExampleGallery spec={spec} jobs={sampledExampleJobs(spec)} />
        </Card>
      ) : (
        <Card className="mb-6 flex gap-3 p-4 text-sm" data-testid="no-examples">
          <ImageOff aria-hidden className="mt-0.5 size-4 shrink-0 text-zinc-400" />
          <p className="text-zinc-600 dark:text-zinc-300">{examples.reason}</p>
        </Card>
      )}

      <nav aria-label="Parameters" className="mb-6">
        <h2 className="mb-2 text-sm font-medium">Parameters</h2>
        {/* On a phone only the sections: 31 names would fill the first screen. */}
        <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm sm:flex-col sm:gap-2">
          {groups.map((g) => (
            <p key={g.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <a href={`#group-${g.id}`} className="font-medium hover:underline">
                {g.title}
              </a>
              {g.params.map((p) => (
                <a key={p.name} href={`#param-${p.name}`} className="hidden font-mono text-xs text-zinc-500 hover:text-accent hover:underline sm:inline dark:text-zinc-400">
                  {p.name}
                </a>
              ))}
            </p>
          ))}
        </div>
      </nav>

      {examples.available ? (
        <p className="mb-4 text-sm text-zinc-500 dark:text-zinc-400">
          Each example is one preview frame with every other parameter at its default and the same seed, so the frames differ only in that parameter. The default is outlined.
        </p>
      ) : null}

      <div className="space-y-6">
        {groups.map((g) => (
          <Card key={g.id} className="p-4 sm:p-5">
            <h2 id={`group-${g.id}`} className="mb-4 scroll-mt-20 font-medium">
              {g.title}
            </h2>
            <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {g.params.map((p) => (
                <ParamDoc key={p.name} spec={spec} param={p} examples={hints ? { overTime: hints.overTime[p.name], context: hints.context[p.name] } : null} videoFrames={docs.videoFrames[p.name]} />
              ))}
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
