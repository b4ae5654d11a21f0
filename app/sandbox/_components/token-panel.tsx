"use client";

import { useActionState } from "react";
import { createSandboxTokenAction, type SandboxTokenState } from "../actions";
import { inputClass, Panel, primaryButton } from "./ui";

const COPY = {
  github: {
    title: "Personal access tokens",
    what: "Stands in for Settings → Developer settings → Personal access tokens.",
    login: "Account",
    placeholder: "octo-demo",
  },
  slack: { title: "Bot token", what: "Stands in for your Slack app's OAuth & Permissions page (Bot User OAuth Token).", login: "Member", placeholder: "demo" },
  zendesk: {
    title: "API tokens",
    what: "Stands in for Admin Center → Apps and integrations → Zendesk API. Use it with an agent's email as `email/token`.",
    login: "Agent",
    placeholder: "agent@acme.test",
  },
  acme: {
    title: "API keys",
    what: "Stands in for Acme's Settings → API. Send the key as X-Acme-Key to the API URL above.",
    login: "User",
    placeholder: "admin@demo-customer.test",
  },
} as const;

/** Mints a token the sandbox API accepts, shown once, for connecting without OAuth (README: Headless). */
export function TokenPanel({ provider }: { provider: keyof typeof COPY }) {
  const copy = COPY[provider];
  const [state, action, pending] = useActionState<SandboxTokenState, FormData>(createSandboxTokenAction.bind(null, provider), {});
  return (
    <Panel title={copy.title}>
      <p className="mb-3 text-sm text-slate-600">{copy.what}</p>
      <form action={action} className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">{copy.login}</span>
          <input name="login" className={inputClass} placeholder={copy.placeholder} />
        </label>
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? "Generating…" : "Generate token"}
        </button>
      </form>
      {state.error ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      {state.token ? (
        <div className="mt-3 text-sm" data-testid="sandbox-token">
          <p className="text-slate-600">Token for {state.login}. Copy it now: it is not shown again.</p>
          <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 font-mono">{state.token}</code>
        </div>
      ) : null}
    </Panel>
  );
}
