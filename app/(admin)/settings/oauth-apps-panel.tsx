"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemFor } from "@/app/_components/sy/errors";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, inputClass, Spinner } from "../_components/ui";

const emptyForm = { provider: "", clientId: "", clientSecret: "", scopes: "", authorizeUrl: "", tokenUrl: "", apiBaseUrl: "" };

/** The OAuth app per provider that customers' "Connect" buttons use; URL overrides point it elsewhere (e.g. the sandbox). */
export function OAuthAppsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [form, setForm] = useState(emptyForm);
  const apps = useQuery(trpc.oauthApps.list.queryOptions());
  const providers = useQuery({ ...trpc.oauthApps.providers.queryOptions(), enabled: canEdit });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.oauthApps.list.queryKey() });
  const create = useMutation(trpc.oauthApps.create.mutationOptions({ onSuccess: () => (setForm(emptyForm), refresh()) }));
  const remove = useMutation(trpc.oauthApps.delete.mutationOptions({ onSuccess: refresh }));
  const set = (key: keyof typeof emptyForm) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  const optional = (value: string) => (value.trim() ? value.trim() : null);

  return (
    <Card title="OAuth apps">
      <p className="mb-3 text-sm text-slate-500">
        One app per provider. Register the callback <code className="rounded bg-slate-100 px-1">/api/oauth/callback</code> at the provider. The secret is stored
        encrypted and never shown again.
      </p>
      <ErrorNote error={apps.error ?? remove.error} />
      {apps.isPending ? <Spinner /> : null}
      <ul className="mb-4 divide-y divide-slate-100">
        {apps.data?.map((app) => (
          <li key={app.id} className="flex items-center justify-between py-2 text-sm">
            <span>
              <span className="font-medium">{app.provider}</span> <code className="text-xs text-slate-500">{app.clientId}</code>
              <span className="block text-xs text-slate-500">
                {app.hasClientSecret ? "secret set" : "no secret (PKCE only)"} · scopes {app.scopes.join(" ") || "connector default"}
                {app.authorizeUrl ? ` · authorize ${app.authorizeUrl}` : ""}
              </span>
            </span>
            {canEdit ? (
              <ConfirmButton
                label="Delete"
                title={`Delete the ${app.provider} OAuth app ${app.clientId}?`}
                message="Customers can no longer connect through it, and connections made with it cannot renew their tokens. This cannot be undone."
                confirmLabel="Delete app"
                pending={remove.isPending && remove.variables?.id === app.id}
                onConfirm={() => remove.mutate({ id: app.id })}
              />
            ) : null}
          </li>
        ))}
        {apps.data?.length === 0 ? <li className="py-2 text-sm text-slate-500">No OAuth apps yet.</li> : null}
      </ul>
      {canEdit ? (
        <form
          className="grid gap-2 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({
              provider: form.provider.trim(),
              clientId: form.clientId,
              clientSecret: form.clientSecret || undefined,
              scopes: form.scopes.split(/[\s,]+/).filter(Boolean),
              authorizeUrl: optional(form.authorizeUrl),
              tokenUrl: optional(form.tokenUrl),
              apiBaseUrl: optional(form.apiBaseUrl),
            });
          }}
        >
          <input
            aria-label="Provider"
            placeholder="Provider (connector key, e.g. github)"
            className={inputClass}
            value={form.provider}
            onChange={set("provider")}
            list="oauth-providers"
            autoComplete="off"
            aria-invalid={problemFor(create.error, "provider") ? true : undefined}
            required
          />
          <datalist id="oauth-providers">
            {providers.data?.map((provider) => (
              <option key={provider.key} value={provider.key}>
                {provider.name}
              </option>
            ))}
          </datalist>
          <input aria-label="Client id" placeholder="Client id" className={inputClass} value={form.clientId} onChange={set("clientId")} required />
          <input
            aria-label="Client secret"
            type="password"
            placeholder="Client secret"
            className={inputClass}
            value={form.clientSecret}
            onChange={set("clientSecret")}
            autoComplete="off"
          />
          <input
            aria-label="Scopes"
            placeholder="Scopes (space separated; empty = connector default)"
            className={inputClass}
            value={form.scopes}
            onChange={set("scopes")}
          />
          <input
            aria-label="Authorize URL override"
            placeholder="Authorize URL override (optional)"
            className={inputClass}
            value={form.authorizeUrl}
            onChange={set("authorizeUrl")}
          />
          <input
            aria-label="Token URL override"
            placeholder="Token URL override (optional)"
            className={inputClass}
            value={form.tokenUrl}
            onChange={set("tokenUrl")}
          />
          <input
            aria-label="API base URL override"
            placeholder="API base URL override (optional)"
            className={inputClass}
            value={form.apiBaseUrl}
            onChange={set("apiBaseUrl")}
          />
          <div className="flex items-end">
            <Button type="submit" variant="primary" pending={create.isPending}>
              Add OAuth app
            </Button>
          </div>
          <div className="sm:col-span-2">
            <ErrorNote error={create.error} />
          </div>
        </form>
      ) : null}
    </Card>
  );
}
