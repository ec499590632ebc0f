import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Infinity Portal", template: "%s · Infinity Portal" },
  description: "Craft, submit, follow and review synthetic-data batches.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page's scripts carry this request's CSP nonce (proxy.ts), so no page may be
  // prerendered at build time: HTML made then would hold scripts no policy allows.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
