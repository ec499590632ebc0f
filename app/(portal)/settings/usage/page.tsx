import Link from "next/link";
import { z } from "zod";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { isPortalError } from "@/lib/errors";
import { generationClientFor } from "@/lib/portal/generation";
import { requestOrigin, requireMember } from "@/lib/portal/session";
import { getUsage } from "@/lib/portal/usage";

export const metadata = { title: "Usage" };

const DAY = 86_400_000;
const PRESETS = [7, 30, 90] as const;
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const querySchema = z.object({ days: z.coerce.number().int().min(1).max(3660).optional().catch(undefined), from: dateSchema, to: dateSchema });

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The period from the URL: a preset number of days up to now, or whole UTC days from..to. */
function period(query: z.infer<typeof querySchema>) {
  if (query.from || query.to) {
    const end = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY) : new Date();
    const start = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(end.getTime() - 30 * DAY);
    return { start, end, label: `${isoDay(start)} to ${isoDay(new Date(end.getTime() - 1))}`, days: undefined };
  }
  const days = query.days ?? 30;
  const end = new Date();
  return { start: new Date(end.getTime() - days * DAY), end, label: `the last ${days} days`, days };
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const member = await requireMember();
  const window = period(querySchema.parse(await searchParams));
  const usage = await getUsage(member, window, await generationClientFor(member, await requestOrigin())).catch((error: unknown) => {
    if (isPortalError(error)) return { problem: error.message };
    throw error;
  });
  const max = "rows" in usage ? Math.max(1, ...usage.rows.map((r) => r.previewFrames + r.videoFrames)) : 1;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2">
        {PRESETS.map((days) => (
          <Button key={days} asChild size="sm" variant={window.days === days ? "primary" : "secondary"}>
            <Link href={`/settings/usage?days=${days}`}>Last {days} days</Link>
          </Button>
        ))}
        <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
          <label className="flex flex-col text-xs text-zinc-500">
            From
            <input type="date" name="from" defaultValue={isoDay(window.start)} className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100" />
          </label>
          <label className="flex flex-col text-xs text-zinc-500">
            To
            <input type="date" name="to" defaultValue={isoDay(new Date(window.end.getTime() - 1))} className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100" />
          </label>
          <Button type="submit" size="sm" variant="secondary">
            Show
          </Button>
        </form>
      </div>
      {"problem" in usage ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {usage.problem}
        </p>
      ) : (
        <Card className="p-4 sm:p-5" data-testid="usage">
          <h2 className="font-medium">Frames rendered for {member.teamName}</h2>
          <p className="mb-4 text-sm text-zinc-500">
            In {window.label}: <span className="tabular font-medium text-zinc-900 dark:text-zinc-100" data-testid="usage-previews">{usage.previewFrames.toLocaleString("en")}</span> preview frames and{" "}
            <span className="tabular font-medium text-zinc-900 dark:text-zinc-100" data-testid="usage-videos">{usage.videoFrames.toLocaleString("en")}</span> video frames, as counted by the Generation API.
          </p>
          {usage.rows.length === 0 ? (
            <p className="py-6 text-center text-sm text-zinc-500">Nothing was rendered in this period.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-zinc-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Generator</th>
                  <th className="py-1 pr-3 text-right font-medium">Previews</th>
                  <th className="py-1 pr-3 text-right font-medium">Video frames</th>
                  <th className="hidden py-1 font-medium sm:table-cell" aria-hidden />
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {usage.rows.map((row) => (
                  <tr key={row.generator} data-testid="usage-row" data-generator={row.generator}>
                    <td className="max-w-40 truncate py-2 pr-3 font-mono text-xs sm:max-w-none">{row.generator}</td>
                    <td className="tabular py-2 pr-3 text-right">{row.previewFrames.toLocaleString("en")}</td>
                    <td className="tabular py-2 pr-3 text-right">{row.videoFrames.toLocaleString("en")}</td>
                    <td className="hidden w-1/3 py-2 sm:table-cell">
                      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                        <div className="bg-accent/60" style={{ width: `${(row.previewFrames / max) * 100}%` }} />
                        <div className="bg-accent" style={{ width: `${(row.videoFrames / max) * 100}%` }} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </div>
  );
}
