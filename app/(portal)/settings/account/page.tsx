import { Card } from "@/components/ui/card";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SignOutEverywhereForm } from "@/components/settings/sign-out-everywhere-form";
import { signInMethods } from "@/lib/portal/account-security";
import { requireMember } from "@/lib/portal/session";

export const metadata = { title: "Account" };

export default async function AccountSettingsPage() {
  const member = await requireMember();
  const methods = await signInMethods(member);
  return (
    <div className="space-y-6">
      <Card className="p-5" aria-labelledby="password-heading" role="region">
        <h2 id="password-heading" className="mb-1 font-medium">
          Password
        </h2>
        {methods.hasPassword ? (
          <>
            <p className="mb-4 text-sm text-zinc-500">
              Changing it signs you out on every other device and browser; you stay signed in here.
            </p>
            <ChangePasswordForm email={member.email} />
          </>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-password">
            You sign in with GitHub, so this account has no password here to change. Your GitHub account&apos;s own security
            settings protect your sign-in; use &ldquo;Sign out everywhere&rdquo; below to end your sessions.
          </p>
        )}
      </Card>
      <Card className="p-5" aria-labelledby="sessions-heading" role="region">
        <h2 id="sessions-heading" className="mb-1 font-medium">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-zinc-500">
          Lost a device, or signed in on a computer that is not yours? This ends every session of {member.email}, this one
          included. API tokens are not affected; revoke those under API tokens.
        </p>
        <SignOutEverywhereForm />
      </Card>
    </div>
  );
}
