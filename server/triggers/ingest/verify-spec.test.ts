import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { VerifySpec } from "@/server/manifest/verify.schema";
import { signGithubPayload } from "@/server/verify/github";
import type { WebhookRequest } from "@/server/verify/verifier";
import { parseBody, type RequestDocument } from "@/server/modules/events/event-document";
import { defaultDedupeOfSpec, resolveSecrets, secretHeadersOfSpec, stateKeysOfSpec, verifyWithSpec } from "./verify-spec";

const now = new Date("2026-03-01T12:00:00Z");
const ctx = { now: () => now };
const nowSeconds = String(Math.floor(now.getTime() / 1000));

function request(body: string, headers: Record<string, string>): WebhookRequest {
  return { method: "POST", url: "https://sy.example/api/hooks/t", headers, rawBody: Buffer.from(body) };
}

const documentOf = (req: WebhookRequest) => (): RequestDocument => ({
  method: req.method,
  headers: req.headers,
  query: {},
  body: parseBody(req.headers, req.rawBody),
});

describe("verifyWithSpec", () => {
  it("resolves secrets from config values and accepts any of a rotation list", () => {
    const spec: VerifySpec = { preset: "github", secret: [{ config: "old" }, { config: "new" }] };
    const body = '{"action":"opened"}';
    const req = request(body, { "x-hub-signature-256": signGithubPayload("new-secret", Buffer.from(body)) });
    expect(verifyWithSpec(req, spec, { old: "old-secret", new: "new-secret" }, ctx, documentOf(req))).toEqual({ ok: true });
    expect(verifyWithSpec(req, spec, { old: "old-secret" }, ctx, documentOf(req)).ok).toBe(false);
  });

  it("resolves { state: key } secrets from instance state, failing closed when the key is unset", () => {
    const spec: VerifySpec = { preset: "github", secret: [{ config: "webhookSecret" }, { state: "signingSecret" }] };
    expect(stateKeysOfSpec(spec)).toEqual(["signingSecret"]);
    expect(stateKeysOfSpec({ preset: "github", secret: "literal" })).toEqual([]);
    expect(resolveSecrets({ state: "signingSecret" }, { signingSecret: "from-config" }, { signingSecret: "from-state" })).toEqual(["from-state"]);
    expect(resolveSecrets({ state: "signingSecret" }, {}, {})).toEqual([]);
    const body = '{"action":"opened"}';
    const req = request(body, { "x-hub-signature-256": signGithubPayload("state-secret", Buffer.from(body)) });
    expect(verifyWithSpec(req, spec, {}, ctx, documentOf(req), { signingSecret: "state-secret" })).toEqual({ ok: true });
    expect(verifyWithSpec(req, spec, {}, ctx, documentOf(req)).ok).toBe(false);
    expect(verifyWithSpec(req, spec, {}, ctx, documentOf(req), { signingSecret: "other" }).ok).toBe(false);
  });

  it("fails closed when the config value holding the secret is empty", () => {
    expect(resolveSecrets({ config: "webhookSecret" }, { webhookSecret: "  " })).toEqual([]);
    const req = request("{}", { "x-hub-signature-256": "sha256=00" });
    expect(verifyWithSpec(req, { preset: "github", secret: { config: "webhookSecret" } }, {}, ctx, documentOf(req))).toEqual({
      ok: false,
      reason: "no secret configured",
    });
  });

  it("verifies a signedPayload template over the raw bytes, with the replay window", () => {
    const spec: VerifySpec = {
      scheme: "hmac",
      secret: "k3y-for-tests",
      header: "X-Sig",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "v0=",
      signedPayload: "v0:{timestamp}:{body}",
      timestampHeader: "X-Ts",
    };
    const body = '{ "spaced" :  true }';
    const sign = (ts: string) => `v0=${createHmac("sha256", "k3y-for-tests").update(`v0:${ts}:${body}`).digest("hex")}`;
    const fresh = request(body, { "x-sig": sign(nowSeconds), "x-ts": nowSeconds });
    expect(verifyWithSpec(fresh, spec, {}, ctx, documentOf(fresh))).toEqual({ ok: true });
    const old = String(Number(nowSeconds) - 3600);
    const stale = request(body, { "x-sig": sign(old), "x-ts": old });
    expect(verifyWithSpec(stale, spec, {}, ctx, documentOf(stale))).toMatchObject({ ok: false, reason: expect.stringMatching(/3600 s old/) });
    const missing = request(body, { "x-sig": sign(nowSeconds) });
    expect(verifyWithSpec(missing, spec, {}, ctx, documentOf(missing))).toEqual({ ok: false, reason: "missing X-Ts header" });
  });

  it("answers a challenge rule before the other rules, and requires every other rule", () => {
    const spec: VerifySpec = [
      { scheme: "challenge", when: { "$.body.type": "handshake" }, respond: "$.body.challenge" },
      { scheme: "header", header: "X-Token", secret: "shared-token" },
      { scheme: "basic", username: "hook", password: { config: "password" } },
    ];
    const handshake = request('{"type":"handshake","challenge":"abc123"}', { "content-type": "application/json" });
    expect(verifyWithSpec(handshake, spec, {}, ctx, documentOf(handshake))).toMatchObject({ ok: true, challenge: { status: 200, body: "abc123" } });

    const basic = `Basic ${Buffer.from("hook:pa55word").toString("base64")}`;
    const both = request("{}", { "x-token": "shared-token", authorization: basic });
    expect(verifyWithSpec(both, spec, { password: "pa55word" }, ctx, documentOf(both))).toEqual({ ok: true });
    const onlyToken = request("{}", { "x-token": "shared-token" });
    expect(verifyWithSpec(onlyToken, spec, { password: "pa55word" }, ctx, documentOf(onlyToken))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^verify rule 2 \(basic\): /),
    });
  });

  it("accepts any delivery when no verify block is configured (the URL token is the credential)", () => {
    const req = request("{}", {});
    expect(verifyWithSpec(req, undefined, {}, ctx, documentOf(req))).toEqual({ ok: true });
  });

  it("names the headers to redact and the preset's dedupe default", () => {
    expect(secretHeadersOfSpec({ preset: "github", secret: "s" })).toEqual(expect.arrayContaining(["authorization", "cookie", "x-hub-signature-256"]));
    expect(secretHeadersOfSpec({ scheme: "header", header: "X-Gitlab-Token", secret: "s" })).toContain("x-gitlab-token");
    expect(defaultDedupeOfSpec({ preset: "stripe", secret: "s" })).toEqual({ path: "$.id" });
    expect(defaultDedupeOfSpec({ scheme: "header", header: "X-T", secret: "s" })).toBeUndefined();
  });
});
