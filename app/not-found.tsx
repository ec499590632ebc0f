import Link from "next/link";
import { Search } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Page not found", robots: { index: false, follow: false } };

/**
 * The portal's own 404: Next's built-in one carries an inline <style> element without the
 * request's nonce, which the Content Security Policy (proxy.ts) rightly refuses.
 */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col justify-center px-4 py-10">
      <EmptyState icon={Search} title="This page does not exist" action={<Button asChild variant="secondary"><Link href="/">Go to the portal</Link></Button>}>
        The address may be mistyped, or what it pointed to was removed.
      </EmptyState>
    </main>
  );
}
