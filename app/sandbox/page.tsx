import Link from "next/link";
import { PageTitle } from "./_components/ui";

export const metadata = { title: "Sandbox" };

const PROVIDERS = [
  { href: "/sandbox/github", name: "GitHub", text: "Repositories, issues and comments. Opening, commenting on and closing issues sends signed webhooks." },
  { href: "/sandbox/zendesk", name: "Zendesk", text: "Tickets of the acme subdomain. Agent comments and solving run the triggers that call webhooks." },
  { href: "/sandbox/slack", name: "Slack", text: "The Acme workspace's channels. Messages go to installed apps as Events API callbacks." },
  {
    href: "/sandbox/salesforce",
    name: "Salesforce",
    text: "Accounts and Opportunities of a sandbox org. Changes send outbound messages (SOAP) until they are acknowledged.",
  },
  { href: "/sandbox/acme", name: "Acme", text: "The vendor's own app: accounts, opportunities and signed webhooks for opportunity changes." },
  {
    href: "/sandbox/deliveries",
    name: "Deliveries",
    text: "Every webhook the sandbox sent, with the receiver's answer, and Salesforce's outbound message queue.",
  },
  { href: "/sandbox/vendor", name: "Demo vendor", text: "A vendor's page embedding the marketplace with /embed.js, signed in as a demo customer." },
];

export default function SandboxIndex() {
  return (
    <>
      <PageTitle
        title="Sandbox providers"
        subtitle="Simulated GitHub, Zendesk, Slack, Salesforce and Acme with the real APIs' paths, OAuth and webhook signatures, for demos and tests."
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        {PROVIDERS.map((p) => (
          <li key={p.href}>
            <Link
              href={p.href}
              className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500"
            >
              <span className="font-semibold">{p.name}</span>
              <span className="mt-1 block text-sm text-slate-600">{p.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
