"use client";
import "./globals.css";

/**
 * Shown when the root layout itself fails. The portal's own, for the same reason as
 * not-found.tsx: Next's built-in page has an inline <style> element without a nonce.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <main className="mx-auto flex min-h-dvh max-w-lg flex-col items-center justify-center gap-4 px-4 text-center">
          <h1 className="text-lg font-semibold">Something went wrong on our side</h1>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing you did caused this. Try again in a moment.</p>
          <button type="button" onClick={reset} className="h-10 rounded-md bg-accent px-4 text-sm font-medium text-white hover:bg-accent-hover">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
