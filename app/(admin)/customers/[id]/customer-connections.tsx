"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { CredentialFieldInputs, CredentialMethodSelect, filledCredentials, type CredentialValues } from "@/app/_components/wizard/credential-field-inputs";
import { usePermissions } from "../../_components/role";
import { ConsoleSyTheme } from "../../_components/sy-theme";
import { Button, ErrorNote, formatDate, inputClass, Spinner, StatusBadge } from "../../_components/ui";

/**
 * A customer's connections (accounts at GitHub, Slack…), made in the wizard or here: owners and
 * admins add one from typed-in credentials — checked with the provider before it is saved — for a
 * deploy to link by its key, and forget one.
 */
export function CustomerConnections({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [adding, setAdding] = useState(false);
  const list = useQuery(trpc.connections.list.queryOptions({ customerId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey({ customerId }) });
  const forget = useMutation(trpc.connections.disconnect.mutationOptions({ onSuccess: refresh }));

  return (
    <section className="space-y-3" aria-labelledby="connections-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="connections-heading" className="text-sm font-semibold">
          Connections
        </h2>
        {canEdit && !adding ? <Button onClick={() => setAdding(true)}>Add a connection</Button> : null}
      </div>
      {adding ? <AddConnection customerId={customerId} onDone={() => setAdding(false)} onSaved={refresh} /> : null}
      {list.isPending ? <Spinner /> : null}
      <ErrorNote error={list.error ?? forget.error} />
      {list.data && list.data.length === 0 ? (
        <p className="text-sm text-slate-500">No connections yet: they are made in the activation wizard, or added here.</p>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="w-full text-left text-sm" data-testid="customer-connections">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">Account</th>
              <th className="py-1 font-medium">Connector · key</th>
              <th className="py-1 font-medium">Status</th>
              <th className="py-1 font-medium">Used by</th>
              <th className="py-1 font-medium">Updated</th>
              {canEdit ? <th className="py-1" /> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data.map((connection) => (
              <tr key={connection.id}>
                <td className="py-1.5">{connection.accountLabel ?? "—"}</td>
                <td className="py-1.5">
                  {connection.connector} · <code>{connection.key}</code>
                </td>
                <td className="py-1.5" data-testid={`connection-status-${connection.key}`}>
                  {connection.status === "broken" ? (
                    <>
                      <StatusBadge status="failed" /> <span className="text-xs font-medium text-red-700">needs reconnecting</span>
                      <span className="block max-w-xs text-xs text-red-700">{connection.statusReason ?? "the provider refused its credentials"}</span>
                      {connection.brokenAt ? <span className="block text-xs text-slate-500">since {formatDate(connection.brokenAt.toISOString())}</span> : null}
                    </>
                  ) : (
                    <StatusBadge status={connection.status} />
                  )}
                  {connection.healthCheckedAt ? (
                    <span
                      className={`block text-xs ${connection.healthCheckOk ? "text-slate-500" : "text-red-700"}`}
                      title={connection.healthCheckMessage ?? undefined}
                    >
                      Checked {formatDate(connection.healthCheckedAt.toISOString())}:{" "}
                      {connection.healthCheckOk ? "OK" : (connection.healthCheckMessage ?? "failed")}
                    </span>
                  ) : null}
                </td>
                <td className="py-1.5">
                  {connection.instanceId ? (
                    <Link href={`/instances/${connection.instanceId}`} className="text-brand-700 hover:underline">
                      an instance
                    </Link>
                  ) : (
                    <span className="text-slate-500">no instance yet</span>
                  )}
                </td>
                <td className="py-1.5">{formatDate(connection.updatedAt.toISOString())}</td>
                {canEdit ? (
                  <td className="py-1.5 text-right">
                    <Button
                      variant="danger"
                      pending={forget.isPending && forget.variables?.id === connection.id}
                      onClick={() => {
                        if (
                          window.confirm(
                            `Forget the ${connection.connector} connection of ${connection.accountLabel ?? "this account"}? Its credentials are deleted; flows using it stop working until it is connected again.`,
                          )
                        ) {
                          forget.mutate({ id: connection.id });
                        }
                      }}
                    >
                      Forget
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function AddConnection({ customerId, onDone, onSaved }: { customerId: string; onDone: () => void; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const formId = useId();
  const connectors = useQuery(trpc.connections.connectors.queryOptions());
  const save = useMutation(trpc.connections.connectWithCredentials.mutationOptions());
  const typedIn = connectors.data?.data ?? [];
  const [connectorKey, setConnectorKey] = useState("");
  const [methodId, setMethodId] = useState("");
  const [key, setKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [values, setValues] = useState<CredentialValues>({});

  if (connectors.isPending) return <Spinner label="Loading connectors…" />;
  if (connectors.error) return <ErrorNote error={connectors.error} />;
  const connector = typedIn.find((c) => c.key === connectorKey) ?? typedIn[0];
  if (!connector) return <p className="text-sm text-slate-500">No connector takes typed-in credentials.</p>;
  const method = connector.authMethods.find((m) => m.id === methodId) ?? connector.authMethods[0]!;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    try {
      await save.mutateAsync({
        customerId,
        connector: connector!.key,
        method: method.id,
        credentials: filledCredentials(method.fields, values),
        ...(key.trim() ? { key: key.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      await onSaved();
      onDone();
    } catch {
      // Shown below from save.error; the values stay for a fix.
    }
  }

  return (
    <ConsoleSyTheme className="rounded-lg border border-slate-200 bg-white p-4">
      <form className="max-w-xl space-y-3" onSubmit={submit} aria-label="Add a connection" data-testid="add-connection">
        <div className="flex flex-wrap gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Connector</span>
            <select
              className={inputClass}
              value={connector.key}
              onChange={(e) => {
                setConnectorKey(e.target.value);
                setMethodId("");
                setValues({});
              }}
            >
              {typedIn.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <CredentialMethodSelect
            methods={connector.authMethods}
            value={method.id}
            onChange={(id) => (setMethodId(id), setValues({}))}
            className={`${inputClass} mt-1 block`}
            labelClassName="text-sm"
          />
          <label className="text-sm">
            <span className="mb-1 block font-medium">Connection key</span>
            <input
              className={inputClass}
              value={key}
              placeholder={connector.key}
              onChange={(e) => setKey(e.target.value)}
              aria-describedby={`${formId}-key-help`}
            />
          </label>
        </div>
        <p id={`${formId}-key-help`} className="text-xs text-slate-500">
          The integration&apos;s connection key this account is for; a deploy links the connection by it. Empty means the connector&apos;s own key.
        </p>
        {method.description ? <p className="text-sm text-slate-600">{method.description}</p> : null}
        <CredentialFieldInputs
          formId={formId}
          fields={method.fields}
          values={values}
          onChange={(name, value) => setValues((current) => ({ ...current, [name]: value }))}
        />
        <label className="block text-sm">
          <span className="font-medium">API URL</span> <span className="sy-muted text-xs">(optional)</span>
          <input className="sy-input mt-1" type="url" value={baseUrl} placeholder="the connector's default" onChange={(e) => setBaseUrl(e.target.value)} />
          <span className="sy-muted mt-1 block text-xs">
            For an account elsewhere than the provider&apos;s public API, such as GitHub Enterprise Server or the sandbox.
          </span>
        </label>
        <ErrorNote error={save.error} />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" pending={save.isPending}>
            {save.isPending ? "Checking with the provider…" : "Save connection"}
          </Button>
          <Button onClick={onDone} disabled={save.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </ConsoleSyTheme>
  );
}
