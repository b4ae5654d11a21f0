/**
 * `manual` triggers: the console or the API starts a flow with a payload. Lifecycle flows are
 * refused (they belong to activation and removal), as are instances that are not running.
 */
import { AppError } from "@/server/errors";
import { startExecution } from "@/server/modules/executions/executions.service";
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
    throw new AppError("BAD_REQUEST", `The flow "${flow.key}" runs on ${flow.trigger.type === "instance.deploy" ? "activation" : "removal"} and cannot be started by hand.`, { field: "flowKey" });
  }
  const execution = await startExecution(organizationId, { instanceId: instance.id, flowKey: flow.key, input: input.payload ?? {}, trigger: "manual" });
  return { executionId: execution.id, status: execution.status };
}
