import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Open-source embedded integration platform",
};

/**
 * Rendered per request, every page included (the not-found page would otherwise be prerendered):
 * each response carries its own script nonce (proxy.ts), which a page built ahead of time cannot have.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
