import { headers } from "next/headers";
import Script from "next/script";
import { NONCE_HEADER } from "@/server/http/security-headers";
import { PageTitle } from "../_components/ui";
import { DEMO_CUSTOMER, demoVendorSession } from "@/server/modules/demo/seed-demo";

export const metadata = { title: "Demo vendor" };
export const dynamic = "force-dynamic";

/**
 * Plays a vendor's own web app: its server signs an embed JWT (HS256, the demo key the set-up
 * created) for its signed-in customer, and the page embeds the marketplace with /embed.js exactly
 * as embed-sdk/README.md tells vendors to.
 */
export default async function DemoVendorPage() {
  const session = await demoVendorSession();
  if (!session) {
    return <PageTitle title="Demo vendor" subtitle="Set up the owner in the console first: the set-up prepares the demo organization and its embed key." />;
  }
  const boot = `(function () {
  var script = document.createElement("script");
  script.src = "/embed.js";
  script.onload = function () {
    Switchyard.init({ url: ${JSON.stringify(session.appUrl)} });
    Switchyard.showMarketplace({ selector: "#integrations" });
    Switchyard.authenticate({ token: ${JSON.stringify(session.token)} });
  };
  document.head.appendChild(script);
})();`;
  return (
    <>
      <PageTitle
        title="Acme Helpdesk Cloud (demo vendor)"
        subtitle={`Signed in as ${DEMO_CUSTOMER.name}. The integrations below are the vendor's Switchyard marketplace, embedded.`}
      />
      <div id="integrations" className="min-h-[640px] rounded-lg border border-slate-200 bg-white" />
      <Script
        id="switchyard-embed"
        strategy="afterInteractive"
        nonce={(await headers()).get(NONCE_HEADER) ?? undefined}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the demo vendor's boot script, inlined as a vendor would, with the page's CSP nonce.
        dangerouslySetInnerHTML={{ __html: boot }}
      />
    </>
  );
}
