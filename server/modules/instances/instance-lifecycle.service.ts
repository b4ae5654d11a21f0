/**
 * Instance statuses after activation:
 *   deploying → active (every deploy flow succeeded; deliveries held meanwhile run now)
 *             | failed (one failed; statusReason says why; held deliveries are dropped)
 *   a change of config or version runs the `onChange` deploy flows again (redeployAfterChange):
 *     active | paused stay as they are → failed if one fails; failed → deploying → active | failed
 *   active ⇄ paused (deliveries answered 503, or buffered and run on resume)
 *   any → removing (remove flows run) → deleted | failed (a remove flow failed; the instance is kept)
 * Deploy/remove flows finishing enqueue `instances:settle-lifecycle` in their final commit
 * (executions.repo), which calls settleLifecycle.
 */
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { dropHeldEvents } from "@/server/modules/events/events.repo";
import { latestExecutionsByFlow } from "@/server/modules/executions/executions.repo";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { releaseBufferedEvents } from "@/server/modules/events/held-events.service";
import { deleteInstanceRow, findInstance, transitionInstance } from "./instances.repo";
import { lifecycleFlowKeys, startLifecycleFlows, type LifecycleTrigger } from "./lifecycle-flows";

async function requireInstance(organizationId: string, instanceId: string) {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  return instance;
}

/** `buffer: true` keeps deliveries (as `buffered` events) to run on resume instead of answering 503. */
export async function pauseInstance(organizationId: string, instanceId: string, options: { buffer?: boolean } = {}) {
  const instance = await requireInstance(organizationId, instanceId);
  const moved = await transitionInstance(organizationId, instanceId, ["active", "paused"], {
    status: "paused",
    bufferWhilePaused: options.buffer ?? instance.bufferWhilePaused,
  });
  if (!moved) throw new AppError("CONFLICT", `Only an active instance can be paused; this one is ${instance.status}.`);
}

/** Back to active, then the buffered deliveries run in arrival order. */
export async function resumeInstance(organizationId: string, instanceId: string) {
  const instance = await requireInstance(organizationId, instanceId);
  const moved = await transitionInstance(organizationId, instanceId, ["paused"], { status: "active" });
  if (!moved && instance.status !== "active") throw new AppError("CONFLICT", `Only a paused instance can be resumed; this one is ${instance.status}.`);
  return releaseBufferedEvents(organizationId, instanceId);
}

/**
 * Runs the integration's remove flows (status `removing`) and deletes the instance once they
 * succeed; without remove flows, or with `force`, deletes it now.
 */
export async function removeInstance(organizationId: string, instanceId: string, options: { force?: boolean } = {}) {
  const instance = await requireInstance(organizationId, instanceId);
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  if (options.force || lifecycleFlowKeys(manifest, "instance.remove").length === 0) {
    await deleteInstanceRow(organizationId, instanceId);
    return { status: "removed" as const };
  }
  if (instance.status === "removing") throw new AppError("CONFLICT", "This instance is already being removed.");
  const moved = await transitionInstance(
    organizationId,
    instanceId,
    ["configuring", "deploying", "active", "paused", "failed"],
    { status: "removing", statusReason: null },
    async (tx) => {
      await startLifecycleFlows(tx, instance, manifest, "instance.remove");
    },
  );
  if (!moved) throw new AppError("CONFLICT", "This instance changed status meanwhile; try again.");
  return { status: "removing" as const };
}

function describeFailure(flowKey: string, status: string, error: unknown): string {
  const detail = error as { Error?: string; Cause?: string } | null;
  if (status === "cancelled") return `flow "${flowKey}" was cancelled`;
  return `flow "${flowKey}" failed: ${detail?.Error ?? "error"}${detail?.Cause ? `: ${detail.Cause}` : ""}`;
}

/** Where the instance's current deploy or remove attempt stands, per flow of that trigger. */
async function lifecycleOutcome(organizationId: string, instanceId: string, manifest: Manifest, trigger: LifecycleTrigger) {
  const wanted = lifecycleFlowKeys(manifest, trigger);
  const latest = await latestExecutionsByFlow(organizationId, instanceId, trigger);
  const failed = latest.find((row) => wanted.includes(row.flow_key) && (row.status === "failed" || row.status === "cancelled"));
  if (failed) return { kind: "failed" as const, reason: describeFailure(failed.flow_key, failed.status, failed.error) };
  const done = wanted.every((key) => latest.some((row) => row.flow_key === key && row.status === "succeeded"));
  return done ? { kind: "succeeded" as const } : { kind: "running" as const };
}

/**
 * Moves a deploying or removing instance on once its lifecycle flows have finished; an active or
 * paused one whose deploy flows ran again after a change (redeployAfterChange) becomes failed
 * when one of them failed.
 */
export async function settleLifecycle(organizationId: string, instanceId: string): Promise<void> {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance || !(["deploying", "removing", "active", "paused"] as const).some((status) => status === instance.status)) return;
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  if (instance.status === "active" || instance.status === "paused") {
    const outcome = await lifecycleOutcome(organizationId, instanceId, manifest, "instance.deploy");
    if (outcome.kind === "failed")
      await transitionInstance(organizationId, instanceId, [instance.status], { status: "failed", statusReason: `Redeploy ${outcome.reason}` });
    return;
  }
  if (instance.status === "deploying") {
    const outcome = await lifecycleOutcome(organizationId, instanceId, manifest, "instance.deploy");
    if (outcome.kind === "succeeded") {
      const activated = await transitionInstance(organizationId, instanceId, ["deploying"], { status: "active", statusReason: null, deployedAt: new Date() });
      // Deliveries that arrived during the deploy were held for this moment.
      if (activated) await releaseBufferedEvents(organizationId, instanceId, "deployed");
    }
    if (outcome.kind === "failed") {
      const statusReason = `Deploy ${outcome.reason}`;
      await transitionInstance(organizationId, instanceId, ["deploying"], { status: "failed", statusReason }, (tx) =>
        dropHeldEvents(tx, organizationId, instanceId, `dropped: the instance failed to deploy (${statusReason})`).then(() => undefined),
      );
    }
    return;
  }
  const outcome = await lifecycleOutcome(organizationId, instanceId, manifest, "instance.remove");
  if (outcome.kind === "succeeded") await deleteInstanceRow(organizationId, instanceId);
  if (outcome.kind === "failed") {
    await transitionInstance(organizationId, instanceId, ["removing"], {
      status: "failed",
      statusReason: `Remove ${outcome.reason}. The instance was kept; remove it again to retry, or with force to skip the remove flows.`,
    });
  }
}
