"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../../_shell/embed-context";
import { ConfirmDialog } from "@/app/_components/sy/confirm-dialog";
import { errorMessage } from "@/app/_components/sy/errors";
import { markRemoving } from "@/app/_components/sy/instance-removal";

interface Props {
  instance: { id: string; status: string; integration: { key: string; name: string } };
  onReconfigure: () => void;
}

export function InstanceActions({ instance, onReconfigure }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { emit, href } = useEmbed();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.embed.pathKey() });
  const options = {
    onSuccess: async (result: { instanceId: string; integrationKey: string }) => {
      setFailure(null);
      emit("instance.updated", { instanceId: result.instanceId, integrationKey: result.integrationKey });
      await refresh();
    },
    onError: (error: unknown) => setFailure(errorMessage(error)),
  };
  const pause = useMutation(trpc.embed.instances.pause.mutationOptions(options));
  const resume = useMutation(trpc.embed.instances.resume.mutationOptions(options));
  const remove = useMutation(
    trpc.embed.instances.remove.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(false);
        if (result.status === "removed") {
          emit("instance.removed", { instanceId: result.instanceId, integrationKey: result.integrationKey });
          await refresh();
          window.location.assign(href("marketplace")); // a page of its own, not a React route
        } else {
          await markRemoving(queryClient, trpc.embed.instances.get.queryKey({ instanceId: instance.id }));
          await refresh();
        }
      },
      onError: (error) => {
        setConfirming(false);
        setFailure(errorMessage(error));
      },
    }),
  );
  const busy = pause.isPending || resume.isPending || remove.isPending;

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {instance.status === "active" || instance.status === "paused" || instance.status === "failed" ? (
          <button type="button" className="sy-btn" onClick={onReconfigure} disabled={busy}>
            Reconfigure
          </button>
        ) : null}
        {instance.status === "active" ? (
          <button type="button" className="sy-btn" disabled={busy} onClick={() => pause.mutate({ instanceId: instance.id })}>
            Pause
          </button>
        ) : null}
        {instance.status === "paused" ? (
          <button type="button" className="sy-btn" disabled={busy} onClick={() => resume.mutate({ instanceId: instance.id })}>
            Resume
          </button>
        ) : null}
        {instance.status !== "removing" ? (
          <button type="button" className="sy-btn sy-btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
            Remove
          </button>
        ) : null}
      </div>
      {failure ? (
        <p className="sy-field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`Remove ${instance.integration.name}?`}
          message="It stops running and its settings and connections are deleted. Past runs stay in the logs."
          confirmLabel={remove.isPending ? "Removing…" : "Remove"}
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ instanceId: instance.id })}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
