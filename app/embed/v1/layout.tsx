import type { Metadata } from "next";
import { headers } from "next/headers";
import { publicOrganizationFor } from "@/server/modules/embed/public-marketplace";
import { PARENT_ORIGIN_HEADER } from "@/server/modules/embed/frame-ancestors";
import { NONCE_HEADER } from "@/server/http/security-headers";
import { bootScript } from "./_shell/boot-script";
import { EmbedShell } from "./_shell/embed-shell";
import "@/app/_components/sy/sy.css";
import "./embed.css";

export const metadata: Metadata = { title: "Integrations", robots: { index: false, follow: false } };

// Every frame is per-request: its frame-ancestors header depends on the parentOrigin it was given.
export const dynamic = "force-dynamic";

/**
 * The frame around every embed page drawn with React (the marketplace is a lighter page of its own,
 * marketplace/route.ts). proxy.ts passes on the parentOrigin it checked; with it the
 * page is drawn in the organization's theme from the first byte (when exactly one organization
 * allows that origin) and the boot script starts the handshake before the bundles load.
 */
export default async function EmbedLayout({ children }: { children: React.ReactNode }) {
  const request = await headers();
  const parentOrigin = request.get(PARENT_ORIGIN_HEADER) || null;
  const organization = parentOrigin ? await publicOrganizationFor(parentOrigin).catch(() => null) : null;
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the frame's own boot script (says hello, starts the sign-in), inlined with the page's CSP nonce. */}
      {parentOrigin ? <script nonce={request.get(NONCE_HEADER) ?? undefined} dangerouslySetInnerHTML={{ __html: bootScript(parentOrigin) }} /> : null}
      <EmbedShell parentOrigin={parentOrigin} initialTheme={organization?.theme ?? {}}>
        {children}
      </EmbedShell>
    </>
  );
}
