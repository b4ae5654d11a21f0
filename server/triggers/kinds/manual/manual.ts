/**
 * `manual` triggers: the console or the API starts a flow with a payload. Lifecycle flows are
 * refused (they belong to activation and removal), as are instances that are not running.
 */
import { AppError } from "@/server/errors";
import { acceptEvents } from "@/server/modules/events/accept-events.repo";
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { flowOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";

export async function startManualExecution(organizationId: string, input: { instanceId: string; flowKey: string; payload?: unknown }) {
  const instance = await findInstance(organizationId, input.instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  if (instance.status !== "active") {
    throw new AppError("CONFLICT", `Flows of a ${instance.status} instance cannot be started; it must be active.`, { field: "instanceId" });
  }
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  const flow = flowOf(manifest, input.flowKey);
  if (flow.trigger.type === "instance.deploy" || flow.trigger.type === "instance.remove") {
    throw new AppError(
      "BAD_REQUEST",
      `The flow "${flow.key}" runs on ${flow.trigger.type === "instance.deploy" ? "activation" : "removal"} and cannot be started by hand.`,
      { field: "flowKey" },
    );
  }
  const payload = input.payload ?? {};
  // A manual start records no event: only its execution and job.
  const [started] = await acceptEvents([
    {
      record: { organizationId, instanceId: instance.id, endpointId: null, source: "manual" },
      event: "none",
      run: { customerId: instance.customerId, integrationVersionId: instance.integrationVersionId },
      starts: [
        {
          flowKey: flow.key,
          input: payload,
          startAt: flow.StartAt,
          concurrency: executionConcurrency(instance.id, flow, payload),
          priority: executionPriority.next(instance.customerId),
        },
      ],
      trigger: "manual",
    },
  ]);
  if (typeof started === "string") throw new Error(`A manual start was not written (${started}).`);
  return { executionId: started.executionIds[0], status: "queued" as const };
}
