"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../../_components/role";
import { Button, Card, ErrorNote, inputClass } from "../../_components/ui";

const LIFECYCLE = ["instance.deploy", "instance.remove"];

function parseInput(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `The input is not valid JSON: ${(error as Error).message}` };
  }
}

/** Starts one run of a flow by hand, with a JSON input (the flow's `$`), then opens it. */
export function StartFlow({ instanceId, flows }: { instanceId: string; flows: { key: string; name: string; trigger: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { canEdit } = usePermissions();
  const startable = flows.filter((flow) => !LIFECYCLE.includes(flow.trigger));
  const [flowKey, setFlowKey] = useState(startable[0]?.key ?? "");
  const [text, setText] = useState("");
  const parsed = parseInput(text);
  const start = useMutation(trpc.executions.start.mutationOptions({ onSuccess: (started) => router.push(`/executions/${started.id}`) }));
  if (!canEdit || startable.length === 0) return null;

  return (
    <Card title="Start a flow manually">
      <form
        className="grid gap-3 sm:grid-cols-[16rem_1fr_auto] sm:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.ok) start.mutate({ instanceId, flowKey, input: parsed.value });
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Flow</span>
          <select className={`${inputClass} w-full`} value={flowKey} onChange={(e) => setFlowKey(e.target.value)}>
            {startable.map((flow) => (
              <option key={flow.key} value={flow.key}>
                {flow.name} ({flow.trigger})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Input (JSON, optional)</span>
          <textarea
            className={`${inputClass} w-full font-mono text-xs`}
            rows={3}
            placeholder='{ "body": { "action": "opened" } }'
            value={text}
            aria-invalid={!parsed.ok}
            aria-describedby={!parsed.ok ? "start-input-error" : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          {!parsed.ok ? (
            <span id="start-input-error" className="mt-1 block text-xs text-red-700">
              {parsed.message}
            </span>
          ) : null}
        </label>
        <div className="sm:pt-6">
          <Button type="submit" variant="primary" disabled={!parsed.ok || !flowKey} pending={start.isPending}>
            Start run
          </Button>
        </div>
      </form>
      <div className="mt-2">
        <ErrorNote error={start.error} />
      </div>
    </Card>
  );
}
