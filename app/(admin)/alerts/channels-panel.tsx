"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, inputClass, Spinner } from "../_components/ui";

type Kind = "email" | "webhook" | "slack";
const emptyForm = { kind: "email" as Kind, name: "", recipients: "", url: "", channel: "", botToken: "", apiBaseUrl: "" };
const KIND_LABELS: Record<Kind, string> = { email: "E-mail", webhook: "Webhook (signed)", slack: "Slack" };

/** A webhook channel's signing secret, shown once after it was made or replaced. */
function SigningSecret({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  return (
    <div className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="signing-secret">
      <p className="font-medium">Signing secret — copy it now, it is not shown again.</p>
      <p className="mt-1 text-xs text-slate-600">
        Deliveries carry <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> (Standard Webhooks); verify them with this
        secret.
      </p>
      <code className="mt-2 block break-all rounded bg-white px-2 py-1 text-xs" data-testid="signing-secret-value">
        {secret}
      </code>
      <div className="mt-2">
        <Button onClick={onDismiss}>I have saved it</Button>
      </div>
    </div>
  );
}

export function ChannelsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [form, setForm] = useState(emptyForm);
  const [secret, setSecret] = useState<string | null>(null);
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.alerts.channels.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() }),
    ]);
  const create = useMutation(
    trpc.alerts.createChannel.mutationOptions({
      onSuccess: (result) => {
        setForm(emptyForm);
        setSecret(result.signingSecret);
        return refresh();
      },
    }),
  );
  const rotate = useMutation(trpc.alerts.rotateChannelSecret.mutationOptions({ onSuccess: (result) => setSecret(result.signingSecret) }));
  const remove = useMutation(trpc.alerts.deleteChannel.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(trpc.alerts.testChannel.mutationOptions());
  const set = (key: keyof typeof emptyForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [key]: e.target.value });

  const submit = () => {
    if (form.kind === "email") create.mutate({ kind: "email", name: form.name, recipients: form.recipients.split(/[\s,;]+/).filter(Boolean) });
    else if (form.kind === "webhook") create.mutate({ kind: "webhook", name: form.name, url: form.url });
    else create.mutate({ kind: "slack", name: form.name, channel: form.channel, botToken: form.botToken, apiBaseUrl: form.apiBaseUrl.trim() || null });
  };

  return (
    <Card title="Channels">
      {secret ? <SigningSecret secret={secret} onDismiss={() => setSecret(null)} /> : null}
      <ErrorNote error={channels.error ?? remove.error ?? rotate.error ?? sendTest.error} />
      {channels.isPending ? <Spinner /> : null}
      <ul className="mb-4 divide-y divide-slate-100" data-testid="alert-channels">
        {channels.data?.map((channel) => (
          <li key={channel.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
            <span className="min-w-0">
              <span className="font-medium">{channel.name}</span> <span className="text-xs text-slate-500">{KIND_LABELS[channel.kind]}</span>
              <span className="block break-all text-xs text-slate-500">{channel.target}</span>
              {sendTest.data && sendTest.variables?.id === channel.id ? (
                <span
                  role="status"
                  className={`block text-xs ${sendTest.data.delivered ? "text-emerald-700" : "text-red-700"}`}
                  data-testid="channel-test-result"
                >
                  {sendTest.data.delivered ? sendTest.data.message : `Not delivered: ${sendTest.data.message}`}
                </span>
              ) : null}
            </span>
            {canEdit ? (
              <span className="flex gap-2">
                <Button pending={sendTest.isPending && sendTest.variables?.id === channel.id} onClick={() => sendTest.mutate({ id: channel.id })}>
                  Send a test
                </Button>
                {channel.kind === "webhook" ? (
                  <Button pending={rotate.isPending && rotate.variables?.id === channel.id} onClick={() => rotate.mutate({ id: channel.id })}>
                    New signing secret
                  </Button>
                ) : null}
                <ConfirmButton
                  label="Delete"
                  title={`Delete the channel “${channel.name}”?`}
                  message="Rules stop notifying it. Past notifications keep its name."
                  confirmLabel="Delete channel"
                  pending={remove.isPending && remove.variables?.id === channel.id}
                  onConfirm={() => remove.mutate({ id: channel.id })}
                />
              </span>
            ) : null}
          </li>
        ))}
        {channels.data?.length === 0 ? <li className="py-2 text-sm text-slate-500">No channels yet.</li> : null}
      </ul>
      {canEdit ? (
        <form
          className="grid gap-2 sm:grid-cols-2"
          aria-label="New alert channel"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <select aria-label="Channel kind" className={inputClass} value={form.kind} onChange={set("kind")}>
            {(Object.keys(KIND_LABELS) as Kind[]).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          <input aria-label="Channel name" placeholder="Name (e.g. On-call)" className={inputClass} value={form.name} onChange={set("name")} required />
          {form.kind === "email" ? (
            <input
              aria-label="Recipients"
              placeholder="Recipients (ops@example.com, oncall@example.com)"
              className={`${inputClass} sm:col-span-2`}
              value={form.recipients}
              onChange={set("recipients")}
              required
            />
          ) : null}
          {form.kind === "webhook" ? (
            <input
              aria-label="Webhook URL"
              type="url"
              placeholder="https://example.com/hooks/switchyard"
              className={`${inputClass} sm:col-span-2`}
              value={form.url}
              onChange={set("url")}
              required
            />
          ) : null}
          {form.kind === "slack" ? (
            <>
              <input
                aria-label="Slack channel"
                placeholder="Channel id (C0…) or #name"
                className={inputClass}
                value={form.channel}
                onChange={set("channel")}
                required
              />
              <input
                aria-label="Slack bot token"
                type="password"
                placeholder="Bot User OAuth Token (xoxb-…)"
                className={inputClass}
                value={form.botToken}
                onChange={set("botToken")}
                autoComplete="off"
                required
              />
              <input
                aria-label="Slack API base URL"
                placeholder="Slack API base URL (optional, for a Slack-compatible server)"
                className={`${inputClass} sm:col-span-2`}
                value={form.apiBaseUrl}
                onChange={set("apiBaseUrl")}
              />
            </>
          ) : null}
          <div>
            <Button type="submit" variant="primary" pending={create.isPending}>
              Add channel
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
