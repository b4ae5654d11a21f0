import type { Metadata } from "next";
import { EmbedShell } from "./_shell/embed-shell";
import "@/app/_components/sy/sy.css";
import "./embed.css";

export const metadata: Metadata = { title: "Integrations", robots: { index: false, follow: false } };

// Every frame is per-request: its frame-ancestors header depends on the parentOrigin it was given.
export const dynamic = "force-dynamic";

export default function EmbedLayout({ children }: { children: React.ReactNode }) {
  return <EmbedShell>{children}</EmbedShell>;
}
