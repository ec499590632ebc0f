import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { GithubButton } from "@/components/auth/github-button";
import { githubEnabled } from "@/lib/auth/auth";
import { DEMO_LOGIN, demoLoginOffered } from "@/db/seed";
import { getActingMember } from "@/lib/portal/session";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getActingMember()) redirect(safeRedirectPath(callbackUrl));
  const registerHref = callbackUrl ? `/register?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/register";
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">to your team&apos;s portal</p>
      <LoginForm callbackUrl={callbackUrl} />
      {githubEnabled() ? (
        <div className="mt-4">
          <GithubButton />
        </div>
      ) : null}
      <p className="mt-5 text-center text-sm text-zinc-500">
        New here?{" "}
        <Link href={registerHref} className="font-medium text-accent hover:underline">
          Create an account
        </Link>
      </p>
      {(await demoLoginOffered()) ? (
        <p className="mt-4 rounded-md bg-zinc-100 p-2 text-center text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          Demo login: <span className="font-mono">{DEMO_LOGIN.email}</span> / <span className="font-mono">{DEMO_LOGIN.password}</span>
        </p>
      ) : null}
    </>
  );
}
