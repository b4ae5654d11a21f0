/**
 * Runs of the GitHub ↔ Zendesk and GitHub → Slack examples as support people and customers meet
 * them, written straight into the execution tables: an issue that became a ticket, a comment the
 * integration skipped as its own echo, a comment Zendesk refused, a Slack post to a channel that no
 * longer exists, and the deploy run. The console's and the embed's log pages are tested and
 * pictured on these (e2e/fixtures/support-seed.ts). Ids come from the database's time-ordered
 * UUIDs, created in one go, so runs share their first characters as real ones do.
 */
import { db } from "@/server/db/client";

type RunSpec = {
  flowKey: string;
  trigger: string;
  status: "succeeded" | "failed";
  input: object;
  output?: object;
  error?: { Error: string; Cause: string };
  steps: { stateName: string; stateType: string; status: string; input?: object; output?: object; error?: object; calls?: object[]; durationMs: number }[];
};

const issue = { number: 12, title: "Checkout fails on Safari", user: { login: "octo-demo" }, html_url: "https://github.com/acme/webapp/issues/12" };
const issueOpened = { headers: { "x-github-event": "issues" }, body: { action: "opened", issue, repository: { full_name: "acme/webapp" } }, query: {} };
const comment = (id: number, body: string) => ({
  headers: { "x-github-event": "issue_comment" },
  body: { action: "created", issue, comment: { id, body, user: { login: "octo-demo" } }, repository: { full_name: "acme/webapp" } },
  query: {},
});
const zendeskCall = (method: string, path: string, status: number, durationMs: number, responseBody: object) => ({
  method,
  url: `https://acme.zendesk.com/api/v2/${path}`,
  status,
  durationMs,
  attempt: 1,
  requestHeaders: { "content-type": "application/json" },
  responseHeaders: { "content-type": "application/json" },
  responseBody: JSON.stringify(responseBody),
});
const REFUSED =
  "Zendesk answered 422 Unprocessable Entity: Record validation errors — comment: the body is longer than the 65,536 characters Zendesk accepts for one comment (the issue comment quoted the whole build log of acme/webapp#12, with every line of its stack traces)";

export const GITHUB_ZENDESK_RUNS: RunSpec[] = [
  {
    flowKey: "deploy",
    trigger: "instance.deploy",
    status: "succeeded",
    input: { lifecycle: "deploy" },
    output: { githubWebhookId: 101, zendeskWebhookId: "01HW", zendeskTriggerId: 55 },
    steps: [
      { stateName: "ReadRepoWebhook", stateType: "Action", status: "succeeded", durationMs: 4, input: {}, output: { previous: { value: null } } },
      { stateName: "Registered", stateType: "Pass", status: "succeeded", durationMs: 1, input: {}, output: { githubWebhookId: 101 } },
    ],
  },
  {
    flowKey: "fromGithub",
    trigger: "webhook",
    status: "succeeded",
    input: issueOpened,
    output: { ...issueOpened, ticket: { id: 42, status: "new", external_id: "github:12" } },
    steps: [
      { stateName: "Route", stateType: "Choice", status: "succeeded", durationMs: 1, input: issueOpened, output: issueOpened },
      {
        stateName: "CreateTicket",
        stateType: "Action",
        status: "succeeded",
        durationMs: 19,
        input: issueOpened,
        output: { ...issueOpened, ticket: { id: 42, status: "new", external_id: "github:12" } },
        calls: [zendeskCall("POST", "tickets", 201, 17.87559800001327, { ticket: { id: 42, status: "new" } })],
      },
    ],
  },
  {
    flowKey: "fromGithub",
    trigger: "webhook",
    status: "succeeded",
    input: comment(7001, "Zendesk agent said hi\n\n— synced by Switchyard"),
    output: comment(7001, "Zendesk agent said hi\n\n— synced by Switchyard"),
    steps: [
      { stateName: "Route", stateType: "Choice", status: "succeeded", durationMs: 1 },
      { stateName: "IsMarkedComment", stateType: "Choice", status: "succeeded", durationMs: 1 },
      { stateName: "Echo", stateType: "Succeed", status: "succeeded", durationMs: 0 },
    ],
  },
  {
    flowKey: "fromGithub",
    trigger: "webhook",
    status: "failed",
    input: comment(7002, "Here is the full build log: …"),
    error: { Error: "NonRetryableError", Cause: REFUSED },
    steps: [
      { stateName: "Route", stateType: "Choice", status: "succeeded", durationMs: 1 },
      { stateName: "IsMarkedComment", stateType: "Choice", status: "succeeded", durationMs: 1 },
      { stateName: "RecallComment", stateType: "Action", status: "succeeded", durationMs: 3, output: { recalled: { value: null } } },
      { stateName: "IsRememberedComment", stateType: "Choice", status: "succeeded", durationMs: 1 },
      {
        stateName: "FindTicketToComment",
        stateType: "Action",
        status: "succeeded",
        durationMs: 24,
        output: { found: { found: true, ticket: { id: 42 } } },
        calls: [zendeskCall("GET", "search.json?query=external_id:github:12", 200, 21.402, { results: [{ id: 42 }] })],
      },
      { stateName: "HasTicketToComment", stateType: "Choice", status: "succeeded", durationMs: 1 },
      {
        stateName: "ComposeTicketComment",
        stateType: "Pass",
        status: "succeeded",
        durationMs: 1,
        output: { outgoing: { text: "octo-demo commented on GitHub: …" } },
      },
      { stateName: "RememberTicketComment", stateType: "Action", status: "succeeded", durationMs: 3 },
      {
        stateName: "AddTicketComment",
        stateType: "Action",
        status: "failed",
        durationMs: 31,
        error: { Error: "NonRetryableError", Cause: REFUSED },
        calls: [zendeskCall("PUT", "tickets/42", 422, 28.91234, { error: "RecordInvalid", description: "Record validation errors" })],
      },
    ],
  },
];

export const GITHUB_SLACK_RUNS: RunSpec[] = [
  {
    flowKey: "newIssues",
    trigger: "webhook",
    status: "failed",
    input: issueOpened,
    error: { Error: "NonRetryableError", Cause: "Slack answered 404 Not Found: channel_not_found" },
    steps: [
      {
        stateName: "Post",
        stateType: "Action",
        status: "failed",
        durationMs: 36,
        input: issueOpened,
        error: { Error: "NonRetryableError", Cause: "Slack answered 404 Not Found: channel_not_found" },
        calls: [
          {
            method: "POST",
            url: "https://slack.com/api/chat.postMessage",
            status: 404,
            durationMs: 33.2001,
            attempt: 1,
            requestHeaders: {},
            responseBody: JSON.stringify({ ok: false, error: "channel_not_found" }),
          },
        ],
      },
    ],
  },
];

/**
 * An active instance of the organization's published `integrationKey` for `customer`, with `runs`
 * (in order, a second apart, ending now).
 */
export async function seedInstanceWithRuns(
  organizationId: string,
  integrationKey: string,
  customer: { externalId: string; name: string },
  runs: RunSpec[],
  config: Record<string, unknown> = {},
) {
  const client = db();
  const integration = await client.integration.findFirstOrThrow({
    where: { organizationId, key: integrationKey },
    select: { id: true, versions: { where: { status: "published" }, orderBy: { version: "desc" }, take: 1, select: { id: true } } },
  });
  const versionId = integration.versions[0]!.id;
  const row = await client.customer.upsert({
    where: { organizationId_externalId: { organizationId, externalId: customer.externalId } },
    create: { organizationId, externalId: customer.externalId, name: customer.name },
    update: {},
  });
  const deployedAt = new Date(Date.now() - 3600_000);
  const instance = await client.instance.create({
    data: {
      organizationId,
      customerId: row.id,
      integrationId: integration.id,
      integrationVersionId: versionId,
      status: "active",
      configValues: config as object,
      deployedAt,
      versionActivatedAt: deployedAt,
    },
  });
  const executions: string[] = [];
  for (const [index, run] of runs.entries()) {
    const startedAt = new Date(Date.now() - (runs.length - index) * 1000);
    const duration = run.steps.reduce((sum, step) => sum + step.durationMs, 0) + 7;
    const execution = await client.execution.create({
      data: {
        organizationId,
        customerId: row.id,
        instanceId: instance.id,
        integrationVersionId: versionId,
        flowKey: run.flowKey,
        trigger: run.trigger,
        status: run.status,
        input: run.input,
        output: run.output ?? undefined,
        error: run.error ?? undefined,
        createdAt: startedAt,
        startedAt,
        finishedAt: new Date(startedAt.getTime() + duration),
        stepsCommitted: run.steps.length,
      },
    });
    await client.stepRun.createMany({
      data: run.steps.map((step, sequence) => ({
        organizationId,
        executionId: execution.id,
        sequence: sequence + 1,
        stateName: step.stateName,
        stateType: step.stateType,
        status: step.status,
        input: step.input ?? run.input,
        output: step.output ?? (step.status === "failed" ? undefined : (step.input ?? run.input)),
        error: step.error ?? undefined,
        calls: step.calls ?? undefined,
        startedAt,
        durationMs: step.durationMs,
      })),
    });
    executions.push(execution.id);
  }
  return { instanceId: instance.id, customerId: row.id, executions };
}
