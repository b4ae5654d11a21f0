/**
 * A deploy that fails in the console's wizard: the instance shows why, and the owner fixes the
 * value and deploys again from the same wizard.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { publishListedIntegration } from "@/server/modules/embed/embed-fixtures";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";

const manifest = (key: string) => `key: ${key}
name: Checked deploy ${key}
config:
  pages:
    - title: Settings
      fields:
        - { key: region, type: select, required: true, options: [eu, us, mars] }
flows:
  - key: deploy
    trigger: { type: instance.deploy }
    StartAt: Check
    States:
      Check: { Type: Choice, Choices: [{ Variable: $$.Config.region, StringEquals: mars, Next: Refuse }], Default: Done }
      Refuse: { Type: Fail, Error: RegionUnavailable, Cause: nobody serves mars yet }
      Done: { Type: Succeed }
`;

let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
});

it("shows a failed deploy's reason and lets the owner fix the value and deploy again", async () => {
  const { organization, user } = await createOrganizationWithMember();
  const owner = callerAs({ userId: user.id });
  const key = uniqueKey("checked");
  await publishListedIntegration(organization.id, manifest(key));
  const customer = await owner.customers.create({ externalId: uniqueKey("globex") });
  const { instanceId } = await owner.wizard.activate({ customerId: customer.id, integrationKey: key });

  expect(await owner.wizard.deploy({ instanceId, values: { region: "mars" } })).toMatchObject({ status: "deploying" });
  const failed = await waitFor(async () => {
    const overview = await owner.instances.overview({ id: instanceId });
    return overview.status === "failed" && overview;
  }, "the failed deploy");
  expect(failed.statusReason).toMatch(/RegionUnavailable/);
  expect(failed.lifecycle[0]).toMatchObject({ flowKey: "deploy", status: "failed", error: "RegionUnavailable: nobody serves mars yet" });

  // The wizard reopens on the failed instance with its values; a fixed value deploys.
  const state = await owner.wizard.state({ instanceId });
  expect(state).toMatchObject({ status: "failed", values: { region: "mars" } });
  expect((await owner.wizard.savePage({ instanceId, page: 0, values: { region: "eu" }, validate: true })).problems).toEqual([]);
  expect(await owner.wizard.deploy({ instanceId, values: { region: "eu" } })).toMatchObject({ status: "deploying" });
  await waitFor(async () => (await owner.instances.overview({ id: instanceId })).status === "active", "the retried deploy");
  expect(await owner.wizard.activate({ customerId: customer.id, integrationKey: key })).toEqual({ instanceId, status: "active", inWizard: false });
});
