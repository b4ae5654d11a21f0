"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/sy/confirm-dialog";
import { markRemoving } from "@/app/_components/sy/instance-removal";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ConfirmButton } from "../../_components/confirm-button";
import { usePermissions } from "../../_components/role";
import { ConsoleSyTheme } from "../../_components/sy-theme";
import { Button, ErrorNote } from "../../_components/ui";

/**
 * Pause (confirmed: deliveries stop running) and Resume; a draft or failed deploy goes back to the
 * wizard; Remove runs the remove flows (confirmed), and a failed instance can be removed without them.
 */
export function InstanceActions({ instanceId, status, customerId }: { instanceId: string; status: string; customerId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [confirming, setConfirming] = useState(false);
  const [buffer, setBuffer] = useState(true);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.instances.pathKey() });
  const pause = useMutation(trpc.instances.pause.mutationOptions({ onSuccess: () => (setConfirming(false), refresh()) }));
  const resume = useMutation(trpc.instances.resume.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.instances.remove.mutationOptions({
      onSuccess: async (result) => {
        if (result.status === "removing") await markRemoving(queryClient, trpc.instances.overview.queryKey({ id: instanceId }));
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
        if (result.status === "removed") router.push(`/customers/${customerId}`);
        else await refresh();
      },
    }),
  );
  if (!canEdit) return null;

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {status === "configuring" || status === "failed" ? (
          <Link
            href={`/instances/${instanceId}/setup`}
            className="rounded-md border border-transparent bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {status === "failed" ? "Fix and retry the deploy" : "Continue setup"}
          </Link>
        ) : null}
        {status === "active" ? (
          <Button pending={pause.isPending} onClick={() => setConfirming(true)}>
            <span aria-hidden>⏸</span> Pause
          </Button>
        ) : null}
        {status === "paused" ? (
          <Button variant="primary" pending={resume.isPending} onClick={() => resume.mutate({ id: instanceId })}>
            Resume
          </Button>
        ) : null}
        {status !== "removing" ? (
          <ConfirmButton
            label="Remove"
            title="Remove this instance?"
            message="Its remove flows run first (they undo what the deploy set up at the providers); then the instance, its settings, connections and webhook URLs are deleted. Past executions stay."
            confirmLabel="Remove instance"
            pending={remove.isPending && !remove.variables?.force}
            onConfirm={() => remove.mutate({ id: instanceId })}
          />
        ) : null}
        {status === "failed" ? (
          <ConfirmButton
            label="Remove without remove flows"
            title="Remove without running the remove flows?"
            message="The instance is deleted at once. Whatever its deploy set up at the providers (webhooks, triggers) stays there and has to be removed by hand."
            confirmLabel="Remove now"
            pending={remove.isPending && remove.variables?.force === true}
            onConfirm={() => remove.mutate({ id: instanceId, force: true })}
          />
        ) : null}
      </div>
      <ErrorNote error={pause.error ?? resume.error ?? remove.error} />
      {resume.data ? (
        <p role="status" className="text-xs text-slate-600">
          Resumed{resume.data.releasedEvents ? `; ${resume.data.releasedEvents} held deliveries are running now` : ""}.
        </p>
      ) : null}
      {confirming ? (
        <ConsoleSyTheme>
          <ConfirmDialog
            title="Pause this instance?"
            message={
              buffer
                ? "Its flows stop running. Webhook deliveries are held and run when you resume; schedules skip while paused."
                : "Its flows stop running. Webhook deliveries are answered 503 while paused, so providers retry later; schedules skip."
            }
            confirmLabel="Pause instance"
            busy={pause.isPending}
            onConfirm={() => pause.mutate({ id: instanceId, buffer })}
            onCancel={() => setConfirming(false)}
          />
        </ConsoleSyTheme>
      ) : null}
      <label className="flex items-center gap-2 text-xs text-slate-600" hidden={status !== "active"}>
        <input type="checkbox" checked={buffer} onChange={(e) => setBuffer(e.target.checked)} />
        hold webhook deliveries while paused
      </label>
    </div>
  );
}
