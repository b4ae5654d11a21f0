import { publicUrlOf, env } from "@/server/env";
import { loadAcmePage } from "@/server/sandbox/acme/acme-ui.service";
import { SANDBOX_OAUTH } from "@/server/sandbox/config";
import { inputClass, PageTitle, Panel, primaryButton } from "../_components/ui";
import { TokenPanel } from "../_components/token-panel";
import { updateAcmeOpportunityAction } from "./actions";

export const metadata = { title: "Acme · sandbox" };

export default async function AcmePage() {
  const page = await loadAcmePage();
  const apiUrl = `${publicUrlOf(env())}${SANDBOX_OAUTH.acme.api}`;
  return (
    <>
      <PageTitle
        title="Acme"
        subtitle={`The vendor's own app, as its customer sees it: the ${page.workspace} workspace. Changing an opportunity sends opportunity.updated to the workspace's webhooks, signed with X-Acme-Signature.`}
      />
      <Panel title={`Opportunities (${page.opportunities.length})`}>
        {page.opportunities.length === 0 ? (
          <p className="text-sm text-slate-500">None yet: the Salesforce ↔ Acme integration creates them from Salesforce.</p>
        ) : null}
        <ul className="divide-y divide-slate-100" data-testid="acme-opportunities">
          {page.opportunities.map((opportunity) => (
            <li key={opportunity.id} className="py-3 text-sm" data-testid="acme-opportunity">
              <p>
                <span className="font-medium">{opportunity.name}</span>{" "}
                <span className="text-slate-500">
                  · {opportunity.accountId ? (page.accountNames.get(opportunity.accountId) ?? opportunity.accountId) : "no account"}
                </span>{" "}
                {opportunity.externalId ? <code className="text-xs text-slate-500">Salesforce {opportunity.externalId}</code> : null}
              </p>
              <form action={updateAcmeOpportunityAction} className="mt-2 flex flex-wrap items-end gap-2">
                <input type="hidden" name="id" value={opportunity.id} />
                <label className="text-xs">
                  <span className="mb-1 block text-slate-600">Stage</span>
                  <select name="stage" defaultValue={opportunity.stage} className={inputClass} aria-label={`Stage of ${opportunity.name}`}>
                    {page.stages.map((stage) => (
                      <option key={stage}>{stage}</option>
                    ))}
                  </select>
                </label>
                <label className="text-xs">
                  <span className="mb-1 block text-slate-600">Amount</span>
                  <input
                    name="amount"
                    type="number"
                    min="0"
                    step="0.01"
                    defaultValue={opportunity.amount ?? ""}
                    className={inputClass}
                    aria-label={`Amount of ${opportunity.name}`}
                  />
                </label>
                <label className="text-xs">
                  <span className="mb-1 block text-slate-600">Close date</span>
                  <input name="closeDate" type="date" defaultValue={opportunity.closeDate ?? ""} className={inputClass} />
                </label>
                <button type="submit" className={primaryButton}>
                  Save
                </button>
              </form>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title={`Accounts (${page.accounts.length})`}>
        <ul className="divide-y divide-slate-100" data-testid="acme-accounts">
          {page.accounts.map((account) => (
            <li key={account.id} className="flex items-center justify-between py-2 text-sm">
              <span className="font-medium">{account.name}</span>
              <span className="flex items-center gap-2 text-slate-500">
                {account.industry ? <span>{account.industry}</span> : null}
                {account.externalId ? <code className="text-xs">Salesforce {account.externalId}</code> : null}
                <code className="text-xs">{account.id}</code>
              </span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title={`Webhooks (${page.webhooks.length})`}>
        <ul className="divide-y divide-slate-100" data-testid="acme-webhooks">
          {page.webhooks.map((hook) => (
            <li key={hook.id} className="py-2 text-sm">
              <code className="text-xs">{hook.id}</code> {hook.events.join(", ")} → <span className="break-all text-slate-600">{hook.url}</span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title="API">
        <p className="text-sm text-slate-600">
          API URL: <code className="break-all">{apiUrl}</code>. Send an API key as <code>X-Acme-Key</code>, or sign in with Acme (OAuth).
        </p>
      </Panel>
      <TokenPanel provider="acme" />
    </>
  );
}
