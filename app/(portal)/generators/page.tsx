import Link from "next/link";
import { BookOpenText } from "@/components/ui/icons";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listGeneratorOverviews } from "@/lib/portal/generator-docs";
import { requestOrigin, requireMember } from "@/lib/portal/session";

export const metadata = { title: "Generators" };

function Fact({ children }: { children: React.ReactNode }) {
  return <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{children}</span>;
}

export default async function GeneratorsPage() {
  const member = await requireMember();
  const loaded = await listGeneratorOverviews(member, await requestOrigin());
  return (
    <>
      <PageHeader title="Generators" description="What the team's Generation API offers. Open one to see every parameter, with example frames of what it does." />
      {"problem" in loaded ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {loaded.problem}
        </p>
      ) : loaded.generators.length === 0 ? (
        <EmptyState icon={BookOpenText} title="No generators">
          The Generation API answered, but offers no generators.
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="generator-list">
            {loaded.generators.map((g) => (
              <li key={g.name} className="relative flex flex-col gap-2 p-4 hover:bg-zinc-50 sm:flex-row sm:items-center sm:gap-4 dark:hover:bg-zinc-800/50" data-testid="generator-row" data-name={g.name}>
                <div className="min-w-0 flex-1">
                  <Link href={`/generators/${encodeURIComponent(g.name)}`} className="font-mono text-sm font-medium break-all after:absolute after:inset-0 hover:underline">
                    {g.name}
                  </Link>
                  {g.description ? <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{g.description}</p> : null}
                </div>
                <div className="flex flex-wrap gap-1.5">
                  <Fact>version {g.version || "?"}</Fact>
                  <Fact>
                    <span className="tabular">{g.paramCount}</span> parameters
                  </Fact>
                  <Fact>{g.preview ? "previews" : "no previews"}</Fact>
                  {g.examples ? <Fact>example frames</Fact> : null}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
