"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemFor } from "@/app/_components/sy/errors";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, inputClass, Spinner } from "../_components/ui";

const ROLES = ["owner", "admin", "support"] as const;
type Role = (typeof ROLES)[number];

function AddMember({ onAdded }: { onAdded: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState({ email: "", name: "", role: "support" as Role, password: "" });
  const add = useMutation(trpc.members.add.mutationOptions({ onSuccess: () => (setForm({ email: "", name: "", role: "support", password: "" }), onAdded()) }));
  const field = (key: "email" | "name" | "password", label: string, type = "text") => (
    <label className="text-sm">
      <span className="mb-1 block text-slate-600">{label}</span>
      <input
        type={type}
        required
        className={inputClass}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        autoComplete="off"
        aria-invalid={problemFor(add.error, key) ? true : undefined}
      />
    </label>
  );
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), add.mutate(form))}>
      {field("name", "Name")}
      {field("email", "Email", "email")}
      {field("password", "Initial password (12+ characters)", "password")}
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">Role</span>
        <select className={inputClass} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="primary" pending={add.isPending}>
        Add member
      </Button>
      <div className="w-full">
        <ErrorNote error={add.error} />
      </div>
    </form>
  );
}

export function MembersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManageMembers } = usePermissions();
  const members = useQuery(trpc.members.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  return (
    <Card title="Members and roles">
      <p className="mb-3 text-sm text-slate-500">
        Owners manage members. Admins change integrations and settings; support reads everything but webhook tokens, and replays executions.
      </p>
      {canManageMembers ? <AddMember onAdded={refresh} /> : null}
      <ErrorNote error={members.error ?? changeRole.error ?? remove.error} />
      {members.isPending ? <Spinner /> : null}
      <ul className="divide-y divide-slate-100">
        {members.data?.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <span>
              <span className="font-medium">{m.name}</span> <span className="text-slate-500">{m.email}</span>
            </span>
            {canManageMembers ? (
              <span className="flex items-center gap-2">
                <select
                  aria-label={`Role of ${m.email}`}
                  className={inputClass}
                  value={m.role}
                  disabled={changeRole.isPending}
                  onChange={(e) => changeRole.mutate({ membershipId: m.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                <ConfirmButton
                  label="Remove"
                  title={`Remove ${m.name} from the organization?`}
                  message={`${m.email} can no longer sign in to this organization's console. They can be invited again.`}
                  confirmLabel="Remove member"
                  pending={remove.isPending && remove.variables?.membershipId === m.id}
                  onConfirm={() => remove.mutate({ membershipId: m.id })}
                />
              </span>
            ) : (
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium">{m.role}</span>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
