import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { oauth2Method } from "@/server/connectors/framework/auth";
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { slackConnector } from "@/server/connectors/builtin/slack";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { upsertChannel } from "@/server/sandbox/slack/slack.repo";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { connectAs, registerTestClient, sandboxConnection } from "@/server/sandbox/testing/sandbox-fixtures";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { verifyDelivery } from "@/server/verify/registry";

let sandbox: SandboxServer;
let receiver: LocalServer;
let slack: ReturnType<typeof sandboxConnection>;
const signingSecret = randomBytes(16).toString("hex");
const eventsPath = `/api/hooks/${randomBytes(6).toString("hex")}`;

beforeAll(async () => {
  await seedSandbox();
  sandbox = await startSandboxServer();
  receiver = await startLocalServer((_request, response) => response.writeHead(200).end());
  const client = await registerTestClient("slack", { eventsUrl: `${receiver.origin}${eventsPath}`, signingSecret });
  const grant = await connectAs("slack", SANDBOX_DEMO.slack.user, client, "chat:write,channels:read,channels:history");
  slack = sandboxConnection(slackConnector, sandbox, "slack", grant.accessToken);
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe("slack connector against the sandbox", () => {
  it("labels the account with the workspace name", async () => {
    const ctx = slack.context();
    const label = await resolveAccountLabel(oauth2Method(slackConnector.auth)!, { http: ctx.http, network: ctx.network, signal: ctx.signal });
    expect(label).toBe("Acme");
  });

  it("posts a message by channel name and delivers the signed message event to the app", async () => {
    const text = `Deploy ${randomBytes(3).toString("hex")} finished`;
    const posted = (await slack.action("postMessage", { channel: "#support", text })) as { channel: string; ts: string };
    expect(posted.channel).toBe("C0SUPPORT1");
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);

    const history = (await slack.context().http.get("/conversations.history", { query: { channel: posted.channel, limit: 1 } })).body as {
      messages: Array<{ text: string; ts: string }>;
    };
    expect(history.messages[0]).toMatchObject({ text, ts: posted.ts });

    await settleSandboxDeliveries();
    const received = receiver.requests.filter((r) => r.url === eventsPath);
    const event = received
      .map((r) => ({ r, body: JSON.parse(r.body) as { type: string; event: { type: string; text: string; channel: string } } }))
      .find((e) => e.body.event.text === text);
    expect(event?.body).toMatchObject({ type: "event_callback", event: { type: "message", channel: "C0SUPPORT1" } });
    const headers = Object.fromEntries(Object.entries(event!.r.headers).map(([k, v]) => [k, String(v)]));
    expect(
      verifyDelivery(
        { method: "POST", url: `${receiver.origin}${eventsPath}`, headers, rawBody: Buffer.from(event!.r.body) },
        { preset: "slack" },
        [signingSecret],
        { now: () => new Date() },
      ),
    ).toEqual({ ok: true });
  });

  it("turns Slack's ok:false answers into errors a flow can catch", async () => {
    await expect(slack.action("postMessage", { channel: "#does-not-exist", text: "hi" })).rejects.toThrow("Slack answered chat.postMessage: channel_not_found");
    const stranger = sandboxConnection(slackConnector, sandbox, "slack", "xoxb-invalid");
    await expect(stranger.action("postMessage", { channel: "#general", text: "hi" })).rejects.toMatchObject({
      status: 401,
      message: "Slack answered chat.postMessage: invalid_auth",
    });
  });

  it("pages and searches channels for the wizard", async () => {
    const suffix = randomBytes(3).toString("hex");
    for (let i = 0; i < 3; i++) await upsertChannel({ id: `C9${suffix.toUpperCase()}${i}`, workspace: SANDBOX_DEMO.slack.team, name: `team-${suffix}-${i}` });
    const all = await slack.dataSource("channels");
    expect(all.options).toEqual(
      expect.arrayContaining([
        { value: "C0GENERAL1", label: "#general" },
        { value: "C0SUPPORT1", label: "#support" },
      ]),
    );
    const search = await slack.dataSource("channels", { search: `#team-${suffix}-2` });
    expect(search.options).toEqual([{ value: `C9${suffix.toUpperCase()}2`, label: `#team-${suffix}-2` }]);
  });
});
