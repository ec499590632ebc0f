import Link from "next/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { auth } from "@/lib/auth/auth";
import { previewInvitation } from "@/lib/portal/invitations";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await previewInvitation(token);
  if (!invitation.ok) {
    return (
      <>
        <h1 className="mb-2 text-lg font-semibold">This invitation can&apos;t be used</h1>
        <p role="alert" data-testid="invitation-problem" className="text-sm text-red-600 dark:text-red-400">
          {invitation.message}
        </p>
        <p className="mt-5 text-sm">
          <Link href="/login" className="font-medium text-accent hover:underline">
            Go to sign in
          </Link>
        </p>
      </>
    );
  }
  const session = await auth();
  const here = `/invite/${token}`;
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Join {invitation.teamName}</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">
        {invitation.invitedBy ?? "A team admin"} invited you as <strong>{ROLE_LABELS[invitation.role]}</strong>. The link works once and
        expires on {invitation.expiresAt.toISOString().slice(0, 10)}.
      </p>
      {session?.user ? (
        <>
          <p className="mb-3 text-sm">Signed in as {session.user.email}.</p>
          <AcceptInvitationForm token={token} teamName={invitation.teamName} />
        </>
      ) : (
        <div className="space-y-2">
          <Button asChild className="w-full">
            <Link href={`/register?callbackUrl=${encodeURIComponent(here)}`}>Create an account to join</Link>
          </Button>
          <Button asChild variant="secondary" className="w-full">
            <Link href={`/login?callbackUrl=${encodeURIComponent(here)}`}>I already have an account</Link>
          </Button>
        </div>
      )}
    </>
  );
}
