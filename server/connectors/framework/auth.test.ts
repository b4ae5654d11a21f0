import { describe, expect, it } from "vitest";
import { z } from "zod";

import { githubConnector } from "@/server/connectors/builtin/github";
import { slackConnector } from "@/server/connectors/builtin/slack";
import { zendeskConnector } from "@/server/connectors/builtin/zendesk";
import { authMethods, createAuthorizer, methodFields, oauth2Method, typedMethods, type ConnectorAuth } from "@/server/connectors/framework/auth";
import { createActionContext } from "@/server/connectors/framework/context";
import { parseCredentialValues, type CredentialField } from "@/server/connectors/framework/credential-fields";
import { defineAction, defineConnector } from "@/server/connectors/framework/define-connector";
import { memoryState, recordSink, silentLogger } from "@/server/connectors/testing/local-server";

const apply = (authorizer: ReturnType<typeof createAuthorizer>) => {
  const target = { url: new URL("https://api.example.com/x"), headers: new Headers() };
  authorizer?.apply(target);
  return { url: target.url.href, authorization: target.headers.get("authorization"), secrets: authorizer?.secrets };
};

// An SFTP-like connector: no HTTP, the action reads the decrypted values itself.
const sftpFields: CredentialField[] = [
  { key: "host", label: "Host", type: "string" },
  { key: "port", label: "Port", type: "number", default: 22 },
  { key: "username", label: "Username", type: "string" },
  { key: "password", label: "Password", type: "string", secret: true, optional: true },
  { key: "privateKey", label: "Private key", type: "text", secret: true, optional: true },
  { key: "passphrase", label: "Passphrase", type: "string", secret: true, optional: true },
];

const files = defineConnector({
  key: "files",
  name: "Files",
  auth: {
    kind: "credentials",
    fields: sftpFields,
    validate: (values) => (values.password || values.privateKey ? [] : [{ field: "password", message: "give a password or a private key" }]),
  },
  actions: {
    whoami: defineAction({
      description: "Answers who the connection logs in as.",
      readOnly: true,
      input: z.object({}),
      output: z.object({ login: z.string() }),
      run: async (ctx) => ({ login: `${ctx.connection?.credentials?.username}@${ctx.connection?.credentials?.host}:${ctx.connection?.credentials?.port}` }),
    }),
  },
});

describe("auth methods", () => {
  it("lets a connector offer OAuth and a token, applying whichever the connection was made with", () => {
    const auth = slackConnector.auth;
    expect(authMethods(auth).map((m) => m.kind)).toEqual(["oauth2", "credentials"]);
    expect(oauth2Method(auth)?.grant).toBe("authorization_code");
    expect(apply(createAuthorizer("slack", auth, { kind: "oauth2", accessToken: "xoxb-oauth", tokenType: "bot" })).authorization).toBe("Bearer xoxb-oauth");
    const typed = apply(createAuthorizer("slack", auth, { kind: "credentials", method: "botToken", values: { token: "xoxb-typed" } }));
    expect(typed).toMatchObject({ authorization: "Bearer xoxb-typed", secrets: { headers: ["authorization"] } });
    expect(
      apply(createAuthorizer("github", githubConnector.auth, { kind: "credentials", method: "personalAccessToken", values: { token: "ghp_x" } })).authorization,
    ).toBe("Bearer ghp_x");
  });

  it("signs Zendesk API tokens as email/token basic auth on the account's subdomain", () => {
    const method = typedMethods(zendeskConnector.auth)[0]!;
    const values = { subdomain: "acme", email: "agent@acme.com", token: "t0k" };
    expect(apply(createAuthorizer("zendesk", zendeskConnector.auth, { kind: "credentials", method: "apiToken", values })).authorization).toBe(
      `Basic ${btoa("agent@acme.com/token:t0k")}`,
    );
    expect(method.kind === "credentials" && method.baseUrl?.(values)).toBe("https://acme.zendesk.com");
    expect(method.kind === "credentials" && method.validate?.({ ...values, subdomain: "not a host!" })).toEqual([
      { field: "subdomain", message: "must be a subdomain (acme) or an https URL" },
    ]);
  });

  it("refuses credentials of a method the connector does not declare, naming what it accepts", () => {
    expect(() => createAuthorizer("slack", slackConnector.auth, { kind: "credentials", method: "password", values: {} })).toThrow(
      'connector "slack" expects oauth2 credentials or botToken credentials, but the connection holds password credentials',
    );
    expect(() => createAuthorizer("slack", slackConnector.auth, null)).toThrow("needs a connection with oauth2 credentials or botToken credentials");
  });

  it("gives a non-HTTP connector's action the decrypted values and no HTTP authorizer", async () => {
    expect(createAuthorizer("files", files.auth, { kind: "credentials", method: "credentials", values: { host: "h" } })).toBeUndefined();
    const ctx = createActionContext(
      files,
      {
        key: "files",
        connector: "files",
        auth: { kind: "credentials", method: "credentials", values: { host: "sftp.acme.com", port: 2222, username: "ada" } },
      },
      { network: { allow: [] }, onRecord: recordSink().onRecord, state: memoryState(), log: silentLogger, signal: new AbortController().signal },
      "key-1",
    );
    await expect(files.actions.whoami.run(ctx, {})).resolves.toEqual({ login: "ada@sftp.acme.com:2222" });
    expect(ctx.connection).toMatchObject({ method: "credentials" });
    expect(Object.isFrozen(ctx.connection?.credentials)).toBe(true);
  });

  it("describes API key and basic methods with the same typed fields", () => {
    const auth: ConnectorAuth = [{ kind: "apiKey", in: "header", header: "X-Key", label: "Acme key" }, { kind: "basic" }];
    expect(typedMethods(auth).map((m) => methodFields(m).map((f) => `${f.key}${f.secret ? "*" : ""}`))).toEqual([["apiKey*"], ["username", "password*"]]);
  });

  it("rejects declaration mistakes when the connector loads", () => {
    expect(() =>
      defineConnector({
        key: "twice",
        name: "Twice",
        auth: [
          { kind: "credentials", fields: [{ key: "a b", label: "A", type: "string" }] },
          { kind: "credentials", fields: [] },
        ],
        actions: {},
      }),
    ).toThrow(
      'connector "twice" is invalid: credential field "a b" must be letters, digits or _; auth method "credentials" is declared twice (give one an id)',
    );
  });
});

describe("credential values", () => {
  it("are checked against the declared fields: required, types, defaults, unknown keys", () => {
    const { values, problems } = parseCredentialValues(sftpFields, { host: " sftp.acme.com ", port: "2222", username: "ada", password: "pw", colour: "red" });
    expect(values).toEqual({ host: "sftp.acme.com", port: 2222, username: "ada", password: "pw" });
    expect(problems).toEqual([
      { field: "colour", message: "is not a credential of this method (expected host, port, username, password, privateKey, passphrase)" },
    ]);
    expect(parseCredentialValues(sftpFields, { host: "h", username: "u" }).values.port).toBe(22);
    expect(parseCredentialValues(sftpFields, { port: "twenty", username: 7 }).problems).toEqual([
      { field: "host", message: "is required" },
      { field: "port", message: "must be a number" },
      { field: "username", message: "must be a string" },
    ]);
  });

  it("never echo a value in a message", () => {
    const { problems } = parseCredentialValues([{ key: "token", label: "Token", type: "string", secret: true }], { token: { nested: "s3cret" } });
    expect(JSON.stringify(problems)).not.toContain("s3cret");
  });
});
