import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { createAuthorizer } from "@/server/connectors/framework/auth";
import { createActionContext, createConnectorContext } from "@/server/connectors/framework/context";
import { defineAction, defineConnector, defineDataSource, definePoller, type WebhookLifecycle } from "@/server/connectors/framework/define-connector";
import { parsePollerParams, runConnectorAction, runDataSource, runPollerPage } from "@/server/connectors/framework/run-member";
import { deleteOwnWebhooks } from "@/server/connectors/framework/webhooks";
import { createHttpClient } from "@/server/connectors/http/http-client";
import { memoryState, sendJson, silentLogger, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { NonRetryableError } from "@/server/engine/errors";

let server: LocalServer | undefined;
afterEach(() => server?.close());

const greeter = defineConnector({
  key: "greeter",
  name: "Greeter",
  auth: { kind: "none" },
  actions: {
    greet: defineAction({
      description: "Greets someone.",
      readOnly: true,
      input: z.object({ person: z.object({ name: z.string() }), times: z.number().int().min(1).default(1) }),
      output: z.object({ greeting: z.string() }),
      run: async (_, input) => ({ greeting: `hello ${input.person.name}`.repeat(input.times) }),
    }),
    broken: defineAction({
      description: "Promises a string, returns a number.",
      readOnly: true,
      input: z.object({}),
      output: z.object({ id: z.string() }),
      run: async () => ({ id: 42 }) as unknown as { id: string },
    }),
  },
  dataSources: {
    colors: defineDataSource({ description: "Colors.", run: async (_, { search }) => ({ options: [{ value: "red", label: `Red ${search ?? ""}`.trim() }] }) }),
    sloppy: defineDataSource({ description: "Forgets labels.", run: async () => ({ options: [{ value: "x" }] }) as never }),
  },
});

function runtime() {
  return { network: { allow: [] }, onRecord: () => undefined, state: memoryState(), log: silentLogger, signal: new AbortController().signal };
}

describe("defineConnector", () => {
  it("rejects declarations that would break dispatch or the OAuth flow", () => {
    expect(() =>
      defineConnector({
        key: "Bad.Key",
        name: "Bad",
        auth: { kind: "oauth2", grant: "authorization_code", authorizeUrl: "/authorize", tokenUrl: "https://x.example/token", scopes: [] },
        actions: { "do.it": greeter.actions.greet },
      }),
    ).toThrow(
      'connector "Bad.Key" is invalid: key "Bad.Key" must be lowercase letters, digits and dashes; action key "do.it" must be letters, digits, _ or - (no dots); OAuth2 URL "/authorize" is not an absolute URL',
    );
  });

  it("checks poller keys like action keys", () => {
    const poller = definePoller({ description: "Nothing new", params: z.object({}), poll: async () => ({ items: [], cursor: null }) });
    expect(() => defineConnector({ key: "feed", name: "Feed", auth: { kind: "none" }, actions: {}, pollers: { "new.items": poller } })).toThrow(
      'connector "feed" is invalid: poller key "new.items" must be letters, digits, _ or - (no dots)',
    );
  });
});

describe("pollers", () => {
  const feed = defineConnector({
    key: "feed",
    name: "Feed",
    auth: { kind: "none" },
    actions: {},
    pollers: {
      entries: definePoller({
        description: "Entries after a number",
        params: z.object({ after: z.number().int() }),
        poll: async (_ctx, { params, cursor }) => ({ items: [{ id: String(params.after + 1), data: { cursor } }], cursor: "c1" }),
      }),
      broken: definePoller({ description: "Breaks its promise", params: z.object({}), poll: async () => ({ items: [{ id: "", data: 1 }], cursor: null }) }),
    },
  });

  it("parses params naming the field, and checks the page a poller answers", async () => {
    expect(parsePollerParams(feed, "entries", { after: "x" })).toEqual({ problem: expect.stringMatching(/^invalid params for poller feed\.entries: after: /) });
    expect(parsePollerParams(feed, "nope", {})).toEqual({ problem: 'connector "feed" has no poller "nope" (its pollers: entries, broken)' });
    const { params } = parsePollerParams(feed, "entries", { after: 41 }) as { params: unknown };
    const ctx = createConnectorContext(feed, null, runtime());
    expect(await runPollerPage(feed, "entries", ctx, { params, cursor: "c0", page: null, startAt: new Date() })).toEqual({
      items: [{ id: "42", data: { cursor: "c0" } }],
      cursor: "c1",
    });
    await expect(runPollerPage(feed, "broken", ctx, { params: {}, cursor: null, page: null, startAt: new Date() })).rejects.toThrow(
      /feed poller broken answered an unexpected shape: items\[0\]\.id/,
    );
  });
});

describe("running actions", () => {
  const ctx = () => createActionContext(greeter, null, runtime(), "exec:Greet:0");

  it("parses the input (defaults applied) and the output", async () => {
    await expect(runConnectorAction(greeter, "greet", ctx(), { person: { name: "Ada" }, times: 2 })).resolves.toEqual({ greeting: "hello Adahello Ada" });
  });

  it("fails without retry on invalid input, naming the field", async () => {
    const error = await runConnectorAction(greeter, "greet", ctx(), { person: {}, times: 0 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toBe(
      "invalid input for greeter.greet: person.name: Invalid input: expected string, received undefined; times: Too small: expected number to be >=1",
    );
  });

  it("fails without retry when a connector breaks its own output schema", async () => {
    await expect(runConnectorAction(greeter, "broken", ctx(), {})).rejects.toThrow(
      new NonRetryableError("greeter.broken returned output that does not match its schema: id: Invalid input: expected string, received number"),
    );
  });

  it("does not find inherited properties as actions", async () => {
    await expect(runConnectorAction(greeter, "constructor", ctx(), {})).rejects.toThrow(
      'connector "greeter" has no action "constructor" (its actions: greet, broken)',
    );
  });
});

describe("data sources", () => {
  it("answer options for the wizard and are checked for shape", async () => {
    const ctx = createConnectorContext(greeter, null, runtime());
    await expect(runDataSource(greeter, "colors", ctx, { search: "ish" })).resolves.toEqual({ options: [{ value: "red", label: "Red ish" }] });
    await expect(runDataSource(greeter, "sloppy", ctx, {})).rejects.toThrow("greeter data source sloppy answered an unexpected shape: options[0].label");
  });
});

describe("credentials", () => {
  const apply = (authorizer: ReturnType<typeof createAuthorizer>) => {
    const target = { url: new URL("https://api.example.com/x"), headers: new Headers() };
    authorizer?.apply(target);
    return { url: target.url.href, authorization: target.headers.get("authorization"), secrets: authorizer?.secrets };
  };

  it("are applied as the connector declares: bearer, basic, API key header with prefix", () => {
    const oauth = { kind: "oauth2", grant: "client_credentials", tokenUrl: "https://x.example/token", scopes: [] } as const;
    expect(apply(createAuthorizer("x", oauth, { kind: "oauth2", accessToken: "tok", tokenType: "bearer" })).authorization).toBe("Bearer tok");
    expect(apply(createAuthorizer("x", { kind: "basic" }, { kind: "basic", username: "ada", password: "pw" })).authorization).toBe(`Basic ${btoa("ada:pw")}`);
    const header = createAuthorizer("x", { kind: "apiKey", in: "header", header: "Authorization", prefix: "Token " }, { kind: "apiKey", key: "k" });
    expect(apply(header)).toMatchObject({ authorization: "Token k", secrets: { headers: ["Authorization"] } });
  });

  it("let a generic connection say where its API key goes", () => {
    const authorizer = createAuthorizer("http", { kind: "perConnection" }, { kind: "apiKey", key: "k", placement: { in: "query", param: "token" } });
    expect(apply(authorizer).url).toBe("https://api.example.com/x?token=k");
    expect(() => createAuthorizer("http", { kind: "perConnection" }, { kind: "apiKey", key: "k" })).toThrow("does not say where the key goes");
  });

  it("refuse a missing connection or one of the wrong kind", () => {
    expect(() => createAuthorizer("acme", { kind: "basic" }, null)).toThrow('connector "acme" needs a connection with basic credentials, and none was given');
    expect(() => createAuthorizer("acme", { kind: "basic" }, { kind: "oauth2", accessToken: "t" })).toThrow(
      'connector "acme" expects basic credentials, but the connection holds oauth2 credentials',
    );
  });

  it("label the account from an OpenID userinfo endpoint when there is no hook", async () => {
    server = await startLocalServer((request, response) =>
      sendJson(response, 200, { sub: "1", email: request.headers.authorization === "Bearer tok" ? "ada@example.com" : "?" }),
    );
    const auth = {
      kind: "oauth2",
      grant: "authorization_code",
      authorizeUrl: "https://x.example/a",
      tokenUrl: "https://x.example/t",
      scopes: ["openid"],
      userinfoUrl: `${server.origin}/userinfo`,
    } as const;
    const http = createHttpClient({ network: server.policy, auth: createAuthorizer("x", auth, { kind: "oauth2", accessToken: "tok" }) });
    await expect(resolveAccountLabel(auth, { http, network: server.policy, signal: new AbortController().signal })).resolves.toBe("ada@example.com");
  });
});

describe("deleteOwnWebhooks", () => {
  it("deletes only the webhooks pointing at this instance's endpoints", async () => {
    const hooks = [
      { id: "1", url: "https://switchyard.example/api/hooks/tok-a" },
      { id: "2", url: "https://switchyard.example/api/hooks/someone-else" },
      { id: "3", url: "https://customer.example/their-own-hook" },
      { id: "4", url: "https://switchyard.example/api/hooks/tok-b/" },
    ];
    const deleted: string[] = [];
    const lifecycle: WebhookLifecycle = { create: async () => ({ id: "new" }), list: async () => hooks, delete: async (_, id) => void deleted.push(id) };
    const ctx = createConnectorContext(greeter, null, runtime());
    const result = await deleteOwnWebhooks(ctx, lifecycle, ["https://switchyard.example/api/hooks/tok-a", "https://switchyard.example/api/hooks/tok-b"]);
    expect(result).toEqual(["1", "4"]);
    expect(deleted).toEqual(["1", "4"]);
  });
});
