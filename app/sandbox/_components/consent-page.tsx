import type { SandboxProvider } from "@/server/sandbox/config";
import { parseScopes } from "@/server/sandbox/oauth/oauth.service";
import { loadConsentPage } from "@/server/sandbox/sandbox-ui.service";

const NAMES: Record<SandboxProvider, string> = { github: "GitHub", zendesk: "Zendesk", slack: "Slack", salesforce: "Salesforce", acme: "Acme" };

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * The simulated provider's consent screen: which sandbox account, which scopes, Approve or Deny.
 * A plain form (no JavaScript); the decision route checks the request again before redirecting.
 */
export async function ConsentPage({ provider, searchParams }: { provider: SandboxProvider; searchParams: Search }) {
  const params = {
    clientId: one(searchParams.client_id),
    redirectUri: one(searchParams.redirect_uri),
    scope: one(searchParams.scope),
    state: one(searchParams.state),
    codeChallenge: one(searchParams.code_challenge) || undefined,
    codeChallengeMethod: one(searchParams.code_challenge_method) || undefined,
  };
  const { check, accounts } = await loadConsentPage(provider, params);
  return (
    <div className="flex justify-center py-6">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-xs font-semibold uppercase tracking-wide text-amber-700">Sandbox · simulated {NAMES[provider]}</p>
        <h1 className="mt-2 text-xl font-semibold">Authorize application</h1>
        {!check.ok && !check.redirectError ? (
          <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {check.message}
          </p>
        ) : (
          <form method="post" action="/sandbox/oauth/decision" className="mt-6 space-y-5">
            <input type="hidden" name="provider" value={provider} />
            <input type="hidden" name="client_id" value={params.clientId} />
            <input type="hidden" name="redirect_uri" value={params.redirectUri} />
            <input type="hidden" name="scope" value={params.scope} />
            <input type="hidden" name="state" value={params.state} />
            <input type="hidden" name="code_challenge" value={params.codeChallenge ?? ""} />
            <input type="hidden" name="code_challenge_method" value={params.codeChallengeMethod ?? ""} />
            <p className="text-sm text-slate-600">
              <code className="rounded bg-slate-100 px-1">{params.clientId}</code> wants to act on your behalf and will be sent back to{" "}
              <span className="break-all font-medium">{new URL(params.redirectUri).origin}</span>.
            </p>
            <div>
              <label htmlFor="account" className="block text-sm font-medium text-slate-700">
                Sandbox account
              </label>
              <select
                id="account"
                name="account_id"
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:ring-2 focus:ring-brand-500"
              >
                {accounts.map((account) => (
                  <option key={account.id} value={account.id}>
                    {account.login} {account.workspace ? `(${account.workspace})` : ""}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <p className="text-sm font-medium text-slate-700">Requested scopes</p>
              <ul className="mt-1 flex flex-wrap gap-1">
                {parseScopes(params.scope).map((scope) => (
                  <li key={scope} className="rounded-full bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                    {scope}
                  </li>
                ))}
              </ul>
            </div>
            <div className="flex gap-3">
              <button
                type="submit"
                name="decision"
                value="approve"
                // biome-ignore lint/a11y/noAutofocus: the page exists for this one decision, as a provider's consent screen does.
                autoFocus
                className="flex-1 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500 focus:ring-offset-2"
              >
                Approve
              </button>
              <button
                type="submit"
                name="decision"
                value="deny"
                className="flex-1 rounded-md border border-slate-300 px-4 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-brand-500 focus:ring-offset-2"
              >
                Deny
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
