"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, formatDate, inputClass, Spinner } from "../_components/ui";

export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [name, setName] = useState("");
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: () => (setName(""), refresh()) }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  return (
    <Card title="API keys">
      <p className="mb-3 text-sm text-slate-500">Vendor backends and CI use these for the REST API (Authorization: Bearer sy_live_…).</p>
      {canEdit ? (
        <form className="mb-4 flex gap-2" onSubmit={(e) => (e.preventDefault(), create.mutate({ name }))}>
          <input
            aria-label="Key name"
            placeholder="Name, e.g. CI pipeline"
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
          <Button type="submit" variant="primary" pending={create.isPending}>
            Create key
          </Button>
        </form>
      ) : null}
      {create.data ? (
        <div role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">Copy this key now; it will not be shown again.</p>
          <code className="mt-1 block break-all font-mono" data-testid="new-api-key">
            {create.data.key}
          </code>
        </div>
      ) : null}
      <ErrorNote error={keys.error ?? create.error ?? revoke.error} />
      {keys.isPending ? <Spinner /> : null}
      <ul className="divide-y divide-slate-100">
        {keys.data?.map((k) => (
          <li key={k.id} className="flex items-center justify-between py-2 text-sm">
            <span>
              <span className="font-medium">{k.name}</span> <code className="text-xs text-slate-500">{k.prefix}…</code>
              <span className="block text-xs text-slate-500">
                created {formatDate(k.createdAt.toISOString())} · last used {formatDate(k.lastUsedAt?.toISOString())}
              </span>
            </span>
            {k.revokedAt ? (
              <span className="text-xs text-slate-500">revoked {formatDate(k.revokedAt.toISOString())}</span>
            ) : canEdit ? (
              <ConfirmButton
                label="Revoke"
                title={`Revoke the key "${k.name}"?`}
                message="Every request made with it is refused from now on. This cannot be undone; a new key can be created."
                confirmLabel="Revoke key"
                pending={revoke.isPending && revoke.variables?.id === k.id}
                onConfirm={() => revoke.mutate({ id: k.id })}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
