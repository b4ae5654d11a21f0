import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { findRepo, insertRepoHook } from "@/server/sandbox/github/github.repo";
import { commentAsDemo, loadIssuePage, openIssueAsDemo, setIssueStateAsDemo } from "@/server/sandbox/sandbox-ui.service";
import { seedSandbox } from "@/server/sandbox/seed";

let receiver: LocalServer;

beforeAll(async () => {
  receiver = await startLocalServer((_request, response) => response.writeHead(204).end());
});
afterAll(() => receiver.close());

describe("sandbox seed and UI actions", () => {
  it("seeds idempotently", async () => {
    const first = await seedSandbox();
    const second = await seedSandbox();
    expect(second.github.repos.map((r) => r.id)).toEqual(first.github.repos.map((r) => r.id));
    expect(second.slack.channels.map((c) => c.name)).toEqual(["general", "support"]);
    expect(second.zendesk.agent.role).toBe("agent");
  });

  it("sends the same webhooks for a person's clicks as for API calls", async () => {
    await seedSandbox();
    const repo = await findRepo("acme", "api");
    const path = `/ui-${randomBytes(4).toString("hex")}`;
    await insertRepoHook(repo!.id, { url: `${receiver.origin}${path}`, contentType: "json", secret: "s", events: ["*"], active: true });

    const issue = await openIssueAsDemo("acme", "api", { title: "From the UI", body: "" });
    await commentAsDemo("acme", "api", issue.number, "clicked");
    await setIssueStateAsDemo("acme", "api", issue.number, "closed");
    await settleSandboxDeliveries();

    const events = receiver.requests
      .filter((r) => r.url === path)
      .map((r) => `${r.headers["x-github-event"]}.${(JSON.parse(r.body) as { action: string }).action}`);
    expect(events).toEqual(["issues.opened", "issue_comment.created", "issues.closed"]);
    const page = await loadIssuePage("acme", "api", issue.number);
    expect(page?.issue.state).toBe("closed");
    expect(page?.comments.map((c) => c.row.body)).toEqual(["clicked"]);
  });
});
