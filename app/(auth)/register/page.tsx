import Link from "next/link";
import { redirect } from "next/navigation";
import { RegisterForm } from "@/components/auth/register-form";
import { getActingMember } from "@/lib/portal/session";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";

export const metadata = { title: "Create an account" };

export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getActingMember()) redirect(safeRedirectPath(callbackUrl));
  const loginHref = callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login";
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Create an account</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">You get a team of your own; invite others to it later.</p>
      <RegisterForm callbackUrl={callbackUrl} />
      <p className="mt-5 text-center text-sm text-zinc-500">
        Already have an account?{" "}
        <Link href={loginHref} className="font-medium text-accent hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
