/**
 * Starting `instance.deploy` / `instance.remove` flows inside the transaction that changes the
 * instance's status, so an instance is never `deploying` or `removing` without the flows that
 * will settle it. Uses the executions repository directly: this runs while the instance row is
 * still uncommitted, and the executions service reads the instance outside any transaction.
 */
import type { Prisma } from "@/server/db/client";
import type { InstanceStatus } from "@/server/db/generated/enums";
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

/**
 * A deployed instance's configuration or version changed (in `tx`, already written): its deploy
 * flows marked `onChange: true` run again with the new values, so what they set up at a provider
 * (a repository webhook) follows the change. An active or paused instance keeps its status and
 * goes on receiving deliveries meanwhile; if one of those flows fails, the settle task marks it
 * failed. A failed instance goes back to `deploying` and becomes active once they succeed; if its
 * very first deploy failed (it was never active), every deploy flow runs again, as on activation.
 * Not deployed yet, already deploying or being removed: nothing runs. Answers the status the
 * instance has now.
 */
export async function redeployAfterChange(
  tx: Prisma.TransactionClient,
  instance: { id: string; organizationId: string; customerId: string; integrationVersionId: string; status: InstanceStatus; deployedAt: Date | null },
  manifest: Pick<Manifest, "flows">,
): Promise<InstanceStatus> {
  const { status } = instance;
  if (status !== "active" && status !== "paused" && status !== "failed") return status;
  const firstDeployFailed = status === "failed" && instance.deployedAt === null;
  const flows = manifest.flows.filter((flow) => flow.trigger.type === "instance.deploy" && (firstDeployFailed || flow.trigger.onChange === true));
  if (flows.length === 0) return status;
  if (status === "failed") {
    await tx.instance.updateMany({
      where: { organizationId: instance.organizationId, id: instance.id, status: "failed" },
      data: { status: "deploying", statusReason: null },
    });
  }
  await startLifecycleFlows(tx, instance, { flows }, "instance.deploy");
  return status === "failed" ? "deploying" : status;
}
