"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, formatDate, inputClass, Spinner } from "../_components/ui";

type Security = "starttls" | "tls" | "none";
const emptyForm = { host: "", port: "587", security: "starttls" as Security, username: "", password: "", fromAddress: "" };

/** The mail server e-mail alerts go through. The password is stored encrypted and never shown again. */
export function SmtpPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const settings = useQuery(trpc.alerts.smtp.queryOptions());
  const [form, setForm] = useState(emptyForm);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const s = settings.data;
    if (s) setForm({ host: s.host, port: String(s.port), security: s.security, username: s.username ?? "", password: "", fromAddress: s.fromAddress });
  }, [settings.data]);
  const save = useMutation(
    trpc.alerts.saveSmtp.mutationOptions({
      onSuccess: (data) => {
        setSaved(true);
        queryClient.setQueryData(trpc.alerts.smtp.queryKey(), data);
      },
    }),
  );
  const set = (key: keyof typeof emptyForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setForm({ ...form, [key]: e.target.value });
  };

  return (
    <Card title="E-mail (SMTP)">
      <p className="mb-3 text-sm text-slate-500">
        E-mail channels send through this server.{" "}
        {settings.data
          ? `Saved ${formatDate(settings.data.updatedAt.toISOString())}${settings.data.hasPassword ? "; a password is stored" : ""}.`
          : "Not set up yet."}
      </p>
      {settings.isPending ? <Spinner /> : null}
      <ErrorNote error={settings.error} />
      <form
        className="grid gap-2 sm:grid-cols-3"
        aria-label="SMTP settings"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            host: form.host,
            port: Number(form.port),
            security: form.security,
            username: form.username.trim() || null,
            // Empty keeps the stored password.
            ...(form.password ? { password: form.password } : {}),
            fromAddress: form.fromAddress,
          });
        }}
      >
        <input
          aria-label="SMTP host"
          placeholder="smtp.example.com"
          className={inputClass}
          value={form.host}
          onChange={set("host")}
          disabled={!canEdit}
          required
        />
        <input
          aria-label="SMTP port"
          type="number"
          min={1}
          max={65535}
          className={inputClass}
          value={form.port}
          onChange={set("port")}
          disabled={!canEdit}
          required
        />
        <select aria-label="SMTP security" className={inputClass} value={form.security} onChange={set("security")} disabled={!canEdit}>
          <option value="starttls">STARTTLS (port 587)</option>
          <option value="tls">TLS (port 465)</option>
          <option value="none">None (internal relay only)</option>
        </select>
        <input
          aria-label="SMTP username"
          placeholder="Username (optional)"
          className={inputClass}
          value={form.username}
          onChange={set("username")}
          disabled={!canEdit}
          autoComplete="off"
        />
        <input
          aria-label="SMTP password"
          type="password"
          placeholder={settings.data?.hasPassword ? "Password (leave empty to keep)" : "Password"}
          className={inputClass}
          value={form.password}
          onChange={set("password")}
          disabled={!canEdit}
          autoComplete="new-password"
        />
        <input
          aria-label="Sender"
          placeholder="Alerts <alerts@example.com>"
          className={inputClass}
          value={form.fromAddress}
          onChange={set("fromAddress")}
          disabled={!canEdit}
          required
        />
        {canEdit ? (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" pending={save.isPending}>
              Save SMTP settings
            </Button>
            {saved ? (
              <span role="status" className="text-sm text-emerald-700">
                Saved
              </span>
            ) : null}
          </div>
        ) : null}
        <div className="sm:col-span-3">
          <ErrorNote error={save.error} />
        </div>
      </form>
    </Card>
  );
}
