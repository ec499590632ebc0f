import { Cloud, Cpu, Server } from "@/components/ui/icons";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { GenerationConnectionForm } from "@/components/settings/generation-connection-form";
import { can } from "@/lib/auth/permissions";
import { generationSourceFor } from "@/lib/portal/generation";
import { getGenerationConnection } from "@/lib/portal/generation-connections";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Generation API" };

export default async function GenerationApiSettingsPage() {
  const member = await requireMember();
  const canConfigure = can(member.role, "generation:configure");
  const [connection, source] = await Promise.all([getGenerationConnection(member), generationSourceFor(member)]);

  return (
    <div className="space-y-6">
      <Card className="p-5" data-testid="generation-source" data-source={source.kind}>
        <h2 className="mb-3 font-medium">Where {member.teamName}&apos;s batches go</h2>
        {source.kind === "team" && connection ? (
          <div className="flex gap-3">
            <Cloud aria-hidden className="mt-0.5 size-5 shrink-0 text-accent" />
            <div className="min-w-0 space-y-1 text-sm">
              <p>
                A remote Generation API: <span className="font-mono break-all">{connection.url}</span>
              </p>
              <p className="text-zinc-500">
                {connection.tokenHint !== null ? (
                  <>Token set{connection.tokenHint ? <>, ends with <span className="font-mono">…{connection.tokenHint}</span></> : null}. </>
                ) : null}
                Saved by {connection.updatedByName ?? "a former member"} <RelativeTime date={connection.updatedAt} />.
              </p>
            </div>
          </div>
        ) : source.kind === "environment" ? (
          <div className="flex gap-3">
            <Server aria-hidden className="mt-0.5 size-5 shrink-0 text-accent" />
            <p className="text-sm">
              The deployment&apos;s Generation API at <span className="font-mono break-all">{source.origin}</span> (set by the server&apos;s{" "}
              <code>GENERATION_API_URL</code>). A team address below takes its place for this team.
            </p>
          </div>
        ) : (
          <div className="flex gap-3">
            <Cpu aria-hidden className="mt-0.5 size-5 shrink-0 text-accent" />
            <p className="text-sm">
              The built-in engine serves this team: batches render inside this portal. Set a remote Generation API below to send them to another
              server that speaks the same API instead.
            </p>
          </div>
        )}
      </Card>

      {canConfigure ? (
        <Card className="p-5">
          <h2 className="mb-1 font-medium">{connection ? "Change the remote Generation API" : "Use a remote Generation API"}</h2>
          <p className="mb-4 text-sm text-zinc-500">
            New batches, estimates and status reads of {member.teamName} go to this address with this token. The token is encrypted before it is
            stored and is never shown again. Batches already submitted are not moved: each remembers where it was sent, and its report
            reads it only from there, so a batch sent elsewhere says so until this is set back to its address.
          </p>
          <GenerationConnectionForm url={connection?.url ?? null} tokenHint={connection?.tokenHint ?? null} />
        </Card>
      ) : (
        <p
          className="rounded-md border border-zinc-200 bg-white p-3 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
          data-testid="generation-api-read-only"
        >
          Only owners and admins can change where the team&apos;s batches go, because the connection holds a token that acts for the whole team.
          You are a {member.role} of {member.teamName}.
        </p>
      )}
    </div>
  );
}
