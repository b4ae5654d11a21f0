import Link from "next/link";
import { loadSalesforcePage } from "@/server/sandbox/salesforce/salesforce-ui.service";
import { Badge, PageTitle, Panel } from "../_components/ui";
import { RecordForm } from "./record-form";

export const metadata = { title: "Salesforce · sandbox" };

const money = (value: unknown) =>
  typeof value === "number" ? value.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }) : "—";

export default async function SalesforcePage() {
  const page = await loadSalesforcePage();
  const accountOptions = page.accounts.map((account) => ({ id: account.id, name: String(account.fields.Name) }));
  return (
    <>
      <PageTitle
        title="Salesforce"
        subtitle={`${page.org?.name ?? "The sandbox org"} (${page.org?.id ?? "not seeded"}). You work as Sam Sales; integrations sign in as the admin. Every create or change of an Account or Opportunity queues the outbound messages defined for it.`}
      />
      <Panel title={`Accounts (${page.accounts.length})`}>
        <ul className="mb-4 divide-y divide-slate-100" data-testid="salesforce-accounts">
          {page.accounts.map((account) => (
            <li key={account.id} className="flex items-center justify-between py-2 text-sm">
              <Link href={`/sandbox/salesforce/records/${account.id}`} className="font-medium text-brand-700 hover:underline">
                {String(account.fields.Name)}
              </Link>
              <span className="flex items-center gap-2 text-slate-500">
                {account.fields.Industry ? <span>{String(account.fields.Industry)}</span> : null}
                {account.fields.Acme_Id__c ? <code className="text-xs">Acme {String(account.fields.Acme_Id__c)}</code> : null}
                <code className="text-xs">{account.id}</code>
              </span>
            </li>
          ))}
        </ul>
        <RecordForm sobject="Account" accounts={accountOptions} stages={page.stages} industries={page.industries} />
      </Panel>
      <Panel title={`Opportunities (${page.opportunities.length})`}>
        <ul className="mb-4 divide-y divide-slate-100" data-testid="salesforce-opportunities">
          {page.opportunities.map((opportunity) => (
            <li key={opportunity.id} className="flex items-center justify-between py-2 text-sm">
              <Link href={`/sandbox/salesforce/records/${opportunity.id}`} className="font-medium text-brand-700 hover:underline">
                {String(opportunity.fields.Name)}
              </Link>
              <span className="flex items-center gap-2 text-slate-500">
                <span>{page.accountNames.get(String(opportunity.fields.AccountId)) ?? "no account"}</span>
                <span>{money(opportunity.fields.Amount)}</span>
                <Badge tone={String(opportunity.fields.StageName).startsWith("Closed") ? "violet" : "green"}>{String(opportunity.fields.StageName)}</Badge>
                {opportunity.fields.Acme_Id__c ? <code className="text-xs">Acme {String(opportunity.fields.Acme_Id__c)}</code> : null}
              </span>
            </li>
          ))}
        </ul>
        <RecordForm sobject="Opportunity" accounts={accountOptions} stages={page.stages} industries={page.industries} />
      </Panel>
      <Panel title={`Outbound messages (${page.outboundMessages.length})`}>
        <p className="mb-3 text-sm text-slate-600">
          Setup → Outbound Messages. Integrations create them through the Tooling API (WorkflowOutboundMessage); each sends its fields to its endpoint when a
          record of its object is created or changed. The queue and every attempt are on{" "}
          <Link href="/sandbox/deliveries" className="text-brand-700 hover:underline">
            Deliveries
          </Link>
          .
        </p>
        <ul className="divide-y divide-slate-100" data-testid="salesforce-outbound-messages">
          {page.outboundMessages.map((message) => (
            <li key={message.id} className="py-2 text-sm">
              <span className="font-medium">
                {message.sobject}.{message.name}
              </span>{" "}
              <code className="text-xs text-slate-500">{message.id}</code>
              <p className="break-all text-xs text-slate-500">
                → {message.endpointUrl} · fields {message.fields.join(", ")}
              </p>
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
