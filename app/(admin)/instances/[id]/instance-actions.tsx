"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/sy/confirm-dialog";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../../_components/role";
import { ConsoleSyTheme } from "../../_components/sy-theme";
import { Button, ErrorNote } from "../../_components/ui";

/** Pause (confirmed: deliveries stop running) and Resume; a draft or failed deploy goes back to the wizard. */
export function InstanceActions({ instanceId, status }: { instanceId: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [confirming, setConfirming] = useState(false);
  const [buffer, setBuffer] = useState(true);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.instances.pathKey() });
  const pause = useMutation(trpc.instances.pause.mutationOptions({ onSuccess: () => (setConfirming(false), refresh()) }));
  const resume = useMutation(trpc.instances.resume.mutationOptions({ onSuccess: refresh }));
  if (!canEdit) return null;

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {status === "configuring" || status === "failed" ? (
          <Link href={`/instances/${instanceId}/setup`} className="rounded-md border border-transparent bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
            {status === "failed" ? "Fix and retry the deploy" : "Continue setup"}
          </Link>
        ) : null}
        {status === "active" ? (
          <Button variant="danger" pending={pause.isPending} onClick={() => setConfirming(true)}>
            Pause
          </Button>
        ) : null}
        {status === "paused" ? (
          <Button variant="primary" pending={resume.isPending} onClick={() => resume.mutate({ id: instanceId })}>
            Resume
          </Button>
        ) : null}
      </div>
      <ErrorNote error={pause.error ?? resume.error} />
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
