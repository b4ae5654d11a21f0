/**
 * Starting `instance.deploy` / `instance.remove` flows inside the transaction that changes the
 * instance's status, so an instance is never `deploying` or `removing` without the flows that
 * will settle it. Uses the executions repository directly: this runs while the instance row is
 * still uncommitted, and the executions service reads the instance outside any transaction.
 */
import type { Prisma } from "@/server/db/client";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { insertExecution } from "@/server/modules/executions/executions.repo";

export type LifecycleTrigger = "instance.deploy" | "instance.remove";

export function lifecycleFlowKeys(manifest: Pick<Manifest, "flows">, trigger: LifecycleTrigger): string[] {
  return manifest.flows.filter((flow) => flow.trigger.type === trigger).map((flow) => flow.key);
}

export async function startLifecycleFlows(
  tx: Prisma.TransactionClient,
  instance: { id: string; organizationId: string; customerId: string; integrationVersionId: string },
  manifest: Pick<Manifest, "flows">,
  trigger: LifecycleTrigger,
): Promise<string[]> {
  const ids: string[] = [];
  for (const flow of manifest.flows.filter((candidate) => candidate.trigger.type === trigger)) {
    const input = { instanceId: instance.id, lifecycle: trigger === "instance.deploy" ? "deploy" : "remove" };
    const execution = await insertExecution(
      {
        organizationId: instance.organizationId,
        customerId: instance.customerId,
        instanceId: instance.id,
        integrationVersionId: instance.integrationVersionId,
        flowKey: flow.key,
        trigger,
        input,
        startAt: flow.StartAt,
      },
      tx,
    );
    ids.push(execution.id);
  }
  return ids;
}
