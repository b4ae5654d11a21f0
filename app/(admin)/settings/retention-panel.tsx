"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, inputClass, Spinner } from "../_components/ui";

/** How long events, executions and step runs are kept before the retention job deletes them. */
export function RetentionPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const settings = useQuery(trpc.organization.settings.queryOptions());
  const save = useMutation(
    trpc.organization.saveSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.settings.queryKey() }) }),
  );
  const [days, setDays] = useState("");
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.retentionDays));
  }, [settings.data]);

  return (
    <Card title="Data retention">
      <p className="mb-3 text-sm text-slate-500">
        Events, executions and their step logs older than this are deleted. Running and waiting executions are always kept.
      </p>
      <ErrorNote error={settings.error ?? save.error} />
      {settings.isPending ? (
        <Spinner />
      ) : (
        <form className="flex items-center gap-2" onSubmit={(e) => (e.preventDefault(), save.mutate({ retentionDays: Number(days) }))}>
          <label htmlFor="retention-days" className="text-sm">
            Keep for
          </label>
          <input
            id="retention-days"
            type="number"
            min={1}
            max={3650}
            step={1}
            required
            className={`${inputClass} w-24`}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            disabled={!canEdit}
          />
          <span className="text-sm">days</span>
          {canEdit ? (
            <Button type="submit" variant="primary" pending={save.isPending}>
              Save retention
            </Button>
          ) : null}
          {save.isSuccess ? <span className="text-sm text-green-700">Saved.</span> : null}
        </form>
      )}
    </Card>
  );
}
