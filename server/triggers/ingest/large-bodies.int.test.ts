/**
 * Deliveries larger than a state may hold: a 5 MB signed GitHub push goes through the real route
 * handler, its body is kept as a file owned by its event, and a worker runs the flow, which reads
 * fields from the file and passes the reference on. Refused large deliveries keep only their start.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOperation } from "@/server/api/operation";
import { executionOperations } from "@/server/api/operations/executions";
import { db } from "@/server/db/client";
import { webhookSettings } from "@/server/env";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, githubDelivery, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";

const SECRET = "large-bodies-secret-0123456789";
let organizationId: string;
let worker: RunningWorker;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});

afterAll(() => worker?.stop());

/** A push whose body goes to a file when it is large, and is read inline when it is not. */
const manifest = () => `key: ${uniqueKey("pushes")}
name: Pushes
config:
  pages:
    - title: Webhook
      fields:
        - { key: webhookSecret, type: secret, required: true }
flows:
  - key: push
    trigger:
      type: webhook
      verify: { preset: github, secret: { config: webhookSecret } }
      match: { "$.headers.x-github-event": push }
    StartAt: IsFile
    States:
      IsFile: { Type: Choice, Choices: [{ Variable: "$.body['$blob']", IsPresent: true, Next: Read }], Default: Inline }
      Read:
        Type: Action
        Action: files.readFields
        Parameters: { source.$: $.body, fields: { repo: $.repository.full_name, commits: $.commits.length, head: $.head_commit.id } }
        ResultPath: $.push
        Next: Summary
      Inline:
        Type: Action
        Action: files.readFields
        Parameters: { source.$: $.body, fields: { repo: $.repository.full_name, commits: $.commits.length, head: $.head_commit.id } }
        ResultPath: $.push
        Next: Summary
      Summary: { Type: Pass, Parameters: { repo.$: $.push.repo, commits.$: $.push.commits, head.$: $.push.head, body.$: $.body }, End: true }
`;

/** A GitHub push with enough commits to reach `bytes`. */
function pushPayload(bytes: number) {
  const message = "Refactor the checkout flow so it no longer blocks on the payment provider. ".repeat(8);
  const commits = [];
  let size = 0;
  while (size < bytes) {
    const commit = {
      id: randomBytes(20).toString("hex"),
      message,
      author: { name: "Octo Demo", email: "octo@example.com" },
      added: [],
      removed: [],
      modified: ["src/checkout.ts"],
    };
    size += JSON.stringify(commit).length + 1;
    commits.push(commit);
  }
  return { ref: "refs/heads/main", repository: { full_name: "acme/webapp" }, head_commit: commits.at(-1), commits };
}

async function pushInstance() {
  const { instance } = await deployIntegration({ organizationId, manifest: manifest(), config: { webhookSecret: SECRET } });
  return { instance, url: (await endpointUrls(organizationId, instance.id)).get("push")! };
}

const finished = (instanceId: string) =>
  waitFor(
    async () => {
      const execution = await db().execution.findFirst({ where: { organizationId, instanceId, flowKey: "push" } });
      return execution && ["succeeded", "failed"].includes(execution.status) ? execution : null;
    },
    "the push flow to finish",
    60_000,
  );

describe("webhook bodies larger than a state holds", () => {
  it("runs a 5 MB signed GitHub push: the body is kept as a file and the flow reads fields from it and passes it on", async () => {
    const { instance, url } = await pushInstance();
    const payload = pushPayload(5 * 1024 * 1024);
    const delivery = githubDelivery(SECRET, payload, { event: "push" });
    expect(delivery.body.length).toBeGreaterThan(5 * 1024 * 1024);

    const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(202);
    const { executionId, eventId } = (await response.json()) as { executionId: string; eventId: string };

    // The event row keeps no body; its file holds the exact bytes.
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ verdict: "accepted", body: null, dedupeKey: delivery.deliveryId });
    const file = await db().blob.findFirstOrThrow({ where: { eventId } });
    expect(file).toMatchObject({ executionId: null, instanceId: instance.id, name: "body.json", contentType: "application/json", size: delivery.body.length });
    expect(Buffer.from(file.data).equals(delivery.body)).toBe(true);

    const execution = await finished(instance.id);
    expect(execution.id).toBe(executionId);
    expect([execution.status, execution.error]).toEqual(["succeeded", null]);
    const reference = { $blob: file.id, name: "body.json", contentType: "application/json", size: delivery.body.length };
    expect(execution.input).toMatchObject({ headers: { "x-github-event": "push" }, body: reference });
    expect(execution.output).toEqual({ repo: "acme/webapp", commits: payload.commits.length, head: payload.head_commit!.id, body: reference });

    // Support sees the start of the body and that it was kept as a file.
    const detail = (await runOperation(executionOperations.event, organizationId, { id: executionId })).event!;
    expect(detail).toMatchObject({ bodyStoredAsFile: true, bodyBytes: delivery.body.length, bodyTruncated: true });
    expect(detail.body!.startsWith('{"ref":"refs/heads/main"')).toBe(true);

    // The same delivery again is a repeat, as for any other.
    const again = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(await again.json()).toMatchObject({ status: "duplicate", duplicateOf: eventId });
  });

  it("keeps a body at the in-state limit inline, as before", async () => {
    const { instance, url } = await pushInstance();
    const delivery = githubDelivery(SECRET, pushPayload(16 * 1024), { event: "push" });
    expect(delivery.body.length).toBeLessThan(webhookSettings().inlineBodyBytes);
    const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
    const { eventId } = (await response.json()) as { eventId: string };
    expect((await db().event.findUniqueOrThrow({ where: { id: eventId } })).body).not.toBeNull();
    expect(await db().blob.count({ where: { eventId } })).toBe(0);
    const execution = await finished(instance.id);
    expect([execution.status, execution.error]).toEqual(["succeeded", null]);
    expect((execution.output as { repo: string; body: unknown }).repo).toBe("acme/webapp");
    expect((execution.output as { body: { repository: unknown } }).body.repository).toEqual({ full_name: "acme/webapp" });
  });

  it("keeps only the start of a large delivery that fails verification, and says so", async () => {
    const { instance, url } = await pushInstance();
    const forged = githubDelivery("not-the-secret", pushPayload(2 * 1024 * 1024), { event: "push" });
    const response = await postHook(url, { body: forged.body, headers: forged.headers });
    expect(response.status).toBe(401);
    const [event] = await db().event.findMany({ where: { instanceId: instance.id } });
    const inline = webhookSettings().inlineBodyBytes;
    expect(event.verdict).toBe("rejected");
    expect(event.body!.length).toBe(inline);
    expect(event.reason).toContain(`(body of ${forged.body.length} bytes; the first ${inline} kept)`);
    expect(await db().blob.count({ where: { instanceId: instance.id } })).toBe(0);
  });
});
