"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, formatDate, inputClass, Spinner } from "../_components/ui";

/** Keys that sign the vendor's embed JWTs, the origins allowed to frame the marketplace, and its theme. */
export function EmbedPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const keys = useQuery(trpc.embedKeys.list.queryOptions());
  const settings = useQuery(trpc.embedKeys.settings.queryOptions());
  const refreshKeys = () => queryClient.invalidateQueries({ queryKey: trpc.embedKeys.list.queryKey() });
  const generate = useMutation(trpc.embedKeys.generateSecret.mutationOptions({ onSuccess: refreshKeys }));
  const register = useMutation(trpc.embedKeys.registerPublicKey.mutationOptions({ onSuccess: () => (setPem(""), refreshKeys()) }));
  const revoke = useMutation(trpc.embedKeys.revoke.mutationOptions({ onSuccess: refreshKeys }));
  const save = useMutation(
    trpc.embedKeys.saveSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.embedKeys.settings.queryKey() }) }),
  );
  const [pem, setPem] = useState("");
  const [origins, setOrigins] = useState("");
  const [theme, setTheme] = useState({ mode: "light" as "light" | "dark", primaryColor: "", radius: "", fontFamily: "" });

  useEffect(() => {
    if (!settings.data) return;
    setOrigins(settings.data.allowedOrigins.join("\n"));
    setTheme({
      mode: settings.data.theme.mode ?? "light",
      primaryColor: settings.data.theme.primaryColor ?? "",
      radius: settings.data.theme.radius ?? "",
      fontFamily: settings.data.theme.fontFamily ?? "",
    });
  }, [settings.data]);

  return (
    <Card title="Embedding">
      <ErrorNote error={keys.error ?? settings.error ?? generate.error ?? register.error ?? revoke.error ?? save.error} />
      <h3 className="mb-1 text-sm font-semibold">Signing keys</h3>
      <p className="mb-2 text-sm text-slate-500">
        Your backend signs each user&apos;s embed token with one of these (header <code>kid</code>, claim <code>iss</code> ={" "}
        {settings.data?.organizationId ?? "your organization id"}).
      </p>
      {keys.isPending ? <Spinner /> : null}
      <ul className="mb-3 divide-y divide-slate-100">
        {keys.data?.map((key) => (
          <li key={key.id} className="flex items-center justify-between py-2 text-sm">
            <span>
              <span className="font-medium">{key.algorithm}</span> <code className="text-xs text-slate-500">kid {key.kid}</code>
              <span className="block text-xs text-slate-500">created {formatDate(key.createdAt.toISOString())}</span>
            </span>
            {key.revokedAt ? (
              <span className="text-xs text-slate-500">revoked {formatDate(key.revokedAt.toISOString())}</span>
            ) : canEdit ? (
              <ConfirmButton
                label="Revoke"
                title={`Revoke signing key ${key.kid}?`}
                message="Embed tokens signed with it are refused from now on, so your users' marketplace stops loading until your backend signs with another key. This cannot be undone."
                confirmLabel="Revoke key"
                pending={revoke.isPending && revoke.variables?.id === key.id}
                onConfirm={() => revoke.mutate({ id: key.id })}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {generate.data ? (
        <div role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">Copy this HS256 secret now (kid {generate.data.kid}); it will not be shown again.</p>
          <code className="mt-1 block break-all font-mono">{generate.data.secret}</code>
        </div>
      ) : null}
      {canEdit ? (
        <div className="mb-6 space-y-2">
          <Button variant="primary" pending={generate.isPending} onClick={() => generate.mutate({})}>
            Generate HS256 secret
          </Button>
          <form className="space-y-2" onSubmit={(e) => (e.preventDefault(), register.mutate({ publicKeyPem: pem }))}>
            <textarea
              aria-label="RS256 public key (PEM)"
              placeholder="-----BEGIN PUBLIC KEY-----"
              className={`${inputClass} h-24 w-full font-mono`}
              value={pem}
              onChange={(e) => setPem(e.target.value)}
              required
            />
            <Button type="submit" pending={register.isPending}>
              Register RS256 public key
            </Button>
          </form>
        </div>
      ) : null}

      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            allowedOrigins: origins.split(/\s+/).filter(Boolean),
            theme: {
              mode: theme.mode,
              primaryColor: theme.primaryColor || undefined,
              radius: theme.radius || undefined,
              fontFamily: theme.fontFamily || undefined,
            },
          });
        }}
      >
        <h3 className="text-sm font-semibold">Allowed origins</h3>
        <p className="text-sm text-slate-500">Pages on these origins may frame the marketplace (one per line, e.g. https://app.example.com).</p>
        <textarea
          aria-label="Allowed origins"
          className={`${inputClass} h-20 w-full font-mono`}
          value={origins}
          onChange={(e) => setOrigins(e.target.value)}
          disabled={!canEdit}
        />
        <h3 className="pt-2 text-sm font-semibold">Theme</h3>
        <div className="grid gap-2 sm:grid-cols-4">
          <select
            aria-label="Mode"
            className={inputClass}
            value={theme.mode}
            onChange={(e) => setTheme({ ...theme, mode: e.target.value as "light" | "dark" })}
            disabled={!canEdit}
          >
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <input
            aria-label="Primary colour"
            placeholder="Primary colour, e.g. #2f6fed"
            className={inputClass}
            value={theme.primaryColor}
            onChange={(e) => setTheme({ ...theme, primaryColor: e.target.value })}
            disabled={!canEdit}
          />
          <input
            aria-label="Corner radius"
            placeholder="Radius, e.g. 8px"
            className={inputClass}
            value={theme.radius}
            onChange={(e) => setTheme({ ...theme, radius: e.target.value })}
            disabled={!canEdit}
          />
          <input
            aria-label="Font family"
            placeholder="Font family"
            className={inputClass}
            value={theme.fontFamily}
            onChange={(e) => setTheme({ ...theme, fontFamily: e.target.value })}
            disabled={!canEdit}
          />
        </div>
        {canEdit ? (
          <Button type="submit" variant="primary" pending={save.isPending}>
            Save embedding settings
          </Button>
        ) : null}
        {save.isSuccess ? <span className="ml-2 text-sm text-green-700">Saved.</span> : null}
      </form>
    </Card>
  );
}
