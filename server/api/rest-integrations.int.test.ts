import { describe, expect, it } from "vitest";
import { integrationOperations } from "@/server/api/operations/integrations";
import { createApiKey, revokeKey } from "@/server/modules/api-keys/api-keys.service";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { apiKeyFor, callRoute, manualManifest } from "./testing/call-route";

const { get: getIntegration, publish, list: listIntegrations, push: pushManifest } = integrationOperations;

describe("REST /api/v1/integrations", () => {
  it("pushes a YAML manifest as a draft, publishes it, and reads it back", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const integrationKey = uniqueKey("rest");
    const pushed = await callRoute(pushManifest, "/api/v1/integrations", {
      key,
      rawBody: manualManifest(integrationKey),
      headers: { "content-type": "application/yaml" },
    });
    expect(pushed.status).toBe(201);
    expect(pushed.json).toMatchObject({
      created: true,
      integration: { key: integrationKey, category: "Testing", listed: false },
      version: { version: 1, status: "draft" },
    });

    const path = `/api/v1/integrations/${pushed.json.integration.id}/versions/${pushed.json.version.id}/publish`;
    const published = await callRoute(publish, path, { key, params: { id: pushed.json.integration.id, versionId: pushed.json.version.id } });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ version: 1, status: "published" });
    expect(published.json.publishedAt).toEqual(expect.any(String));

    const detail = await callRoute(getIntegration, `/api/v1/integrations/${pushed.json.integration.id}`, { key, params: { id: pushed.json.integration.id } });
    expect(detail.json).toMatchObject({ key: integrationKey, latestVersion: { status: "published" }, versions: [{ version: 1, status: "published" }] });
    // The manifest itself (sources, config) is not part of the answer.
    expect(JSON.stringify(detail.json)).not.toContain("States");
  });

  it("accepts a JSON manifest body too", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const manifest = {
      key: uniqueKey("json"),
      name: "JSON one",
      flows: [{ key: "f", trigger: { type: "manual" }, StartAt: "A", States: { A: { Type: "Succeed" } } }],
    };
    const pushed = await callRoute(pushManifest, "/api/v1/integrations", { key, body: manifest });
    expect(pushed.status).toBe(201);
    expect(pushed.json.integration.name).toBe("JSON one");
  });

  it("answers a broken manifest with 422 and every problem at its line and column", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const broken = manualManifest(uniqueKey("broken")).replace("StartAt: Greet", "StartAt: Gret");
    const answer = await callRoute(pushManifest, "/api/v1/integrations", { key, rawBody: broken, headers: { "content-type": "application/yaml" } });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringContaining("Gret") });
    expect(answer.json.error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "flows[0].StartAt", line: 14, column: 14 })]));
  });

  it("pages through integrations with a cursor, newest first", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const keys = [uniqueKey("p1"), uniqueKey("p2"), uniqueKey("p3")];
    for (const k of keys) await callRoute(pushManifest, "/api/v1/integrations", { key, rawBody: manualManifest(k) });
    const first = await callRoute(listIntegrations, "/api/v1/integrations", { key, query: { limit: "2" } });
    expect(first.json.data.map((i: { key: string }) => i.key)).toEqual([keys[2], keys[1]]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await callRoute(listIntegrations, "/api/v1/integrations", { key, query: { limit: "2", cursor: first.json.nextCursor } });
    expect(second.json).toEqual({ data: [expect.objectContaining({ key: keys[0] })], nextCursor: null });

    const bad = await callRoute(listIntegrations, "/api/v1/integrations", { key, query: { cursor: "garbage" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "BAD_REQUEST", field: "cursor" });
    const tooMany = await callRoute(listIntegrations, "/api/v1/integrations", { key, query: { limit: "500" } });
    expect(tooMany.json.error).toMatchObject({ code: "BAD_REQUEST", field: "limit" });
  });

  it("needs a valid, unrevoked API key, and answers in the one error shape", async () => {
    const { organization } = await createOrganizationWithMember();
    const none = await callRoute(listIntegrations, "/api/v1/integrations");
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: { code: "UNAUTHORIZED", message: expect.stringContaining("Bearer sy_live_") } });
    const created = await createApiKey(organization.id, "to revoke");
    expect((await callRoute(listIntegrations, "/api/v1/integrations", { key: created.key })).status).toBe(200);
    await revokeKey(organization.id, created.id);
    const revoked = await callRoute(listIntegrations, "/api/v1/integrations", { key: created.key });
    expect(revoked.json.error).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("revoked") });
  });

  it("does not publish a version through another integration's path, nor another organization's", async () => {
    const a = await createOrganizationWithMember();
    const b = await createOrganizationWithMember();
    const keyA = await apiKeyFor(a.organization.id);
    const keyB = await apiKeyFor(b.organization.id);
    const one = await callRoute(pushManifest, "/api/v1/integrations", { key: keyA, rawBody: manualManifest(uniqueKey("one")) });
    const two = await callRoute(pushManifest, "/api/v1/integrations", { key: keyA, rawBody: manualManifest(uniqueKey("two")) });
    const crossed = await callRoute(publish, "/x", { key: keyA, params: { id: two.json.integration.id, versionId: one.json.version.id } });
    expect(crossed.json.error).toMatchObject({ code: "NOT_FOUND", field: "versionId" });
    const foreign = await callRoute(publish, "/x", { key: keyB, params: { id: one.json.integration.id, versionId: one.json.version.id } });
    expect(foreign.status).toBe(404);
    expect((await callRoute(listIntegrations, "/api/v1/integrations", { key: keyB })).json.data).toEqual([]);
    const notUuid = await callRoute(getIntegration, "/x", { key: keyA, params: { id: "nope" } });
    expect(notUuid.json.error).toMatchObject({ code: "BAD_REQUEST", field: "id" });
  });
});
