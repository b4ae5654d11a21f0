import { describe, expect, it } from "vitest";
import { customerOperations } from "@/server/api/operations/customers";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { apiKeyFor, callRoute } from "./testing/call-route";

const { get: getCustomer, list: listCustomers, create: createCustomer } = customerOperations;

describe("REST /api/v1/customers", () => {
  it("creates a customer and reads it back; a second one with the same externalId is a 409 naming the field", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const created = await callRoute(createCustomer, "/api/v1/customers", { key, body: { externalId: "acme-42", name: "Acme Inc." } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ externalId: "acme-42", name: "Acme Inc.", instanceCount: 0 });
    const read = await callRoute(getCustomer, "/x", { key, params: { id: created.json.id } });
    expect(read.json).toEqual(created.json);
    const again = await callRoute(createCustomer, "/api/v1/customers", { key, body: { externalId: "acme-42" } });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "CONFLICT", field: "externalId", message: expect.stringContaining("acme-42") });
    const invalid = await callRoute(createCustomer, "/api/v1/customers", { key, body: { name: "no id" } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ code: "BAD_REQUEST", field: "externalId" });
    // An external id is kept to characters that need no escaping in URLs, logs and tokens; the answer says which.
    const spaced = await callRoute(createCustomer, "/api/v1/customers", { key, body: { externalId: "Acme Corp <main>" } });
    expect(spaced.status).toBe(400);
    expect(spaced.json.error).toMatchObject({
      code: "BAD_REQUEST",
      field: "externalId",
      message: expect.stringContaining("letters, digits or . _ - : @ + | (no spaces)"),
    });
    expect((await callRoute(listCustomers, "/api/v1/customers", { key })).json.data).toHaveLength(1);
    const notJson = await callRoute(createCustomer, "/api/v1/customers", { key, rawBody: "{oops", headers: { "content-type": "application/json" } });
    expect(notJson.json.error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not valid JSON") });
  });

  it("answers a retried create with the same Idempotency-Key from the first answer, and refuses the key with another body", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const idempotencyKey = uniqueKey("idem");
    const headers = { "Idempotency-Key": idempotencyKey };
    const first = await callRoute(createCustomer, "/api/v1/customers", { key, headers, body: { externalId: "retry-me" } });
    const retry = await callRoute(createCustomer, "/api/v1/customers", { key, headers, body: { externalId: "retry-me" } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await callRoute(listCustomers, "/api/v1/customers", { key })).json.data).toHaveLength(1);

    const reused = await callRoute(createCustomer, "/api/v1/customers", { key, headers, body: { externalId: "someone-else" } });
    expect(reused.status).toBe(409);
    expect(reused.json.error).toMatchObject({ code: "CONFLICT", field: "Idempotency-Key" });

    // A failed request gives its key back: a retry with the same key runs again instead of replaying the failure.
    const failingKey = { "Idempotency-Key": uniqueKey("idem") };
    expect((await callRoute(createCustomer, "/api/v1/customers", { key, headers: failingKey, body: { externalId: "retry-me" } })).status).toBe(409);
    const retried = await callRoute(createCustomer, "/api/v1/customers", { key, headers: failingKey, body: { externalId: "retry-me" } });
    expect(retried.json.error.field).toBe("externalId");

    // Keys are per organization: another organization may use the same key for its own request.
    const other = await createOrganizationWithMember();
    const otherAnswer = await callRoute(createCustomer, "/api/v1/customers", {
      key: await apiKeyFor(other.organization.id),
      headers,
      body: { externalId: "theirs" },
    });
    expect(otherAnswer.status).toBe(201);
    expect(otherAnswer.json.externalId).toBe("theirs");
  });

  it("pages with a cursor and searches by name or externalId", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    for (const [externalId, name] of [
      ["c-1", "Alpha Ltd"],
      ["c-2", "Beta GmbH"],
      ["c-3", "Gamma SA"],
    ]) {
      await callRoute(createCustomer, "/api/v1/customers", { key, body: { externalId, name } });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callRoute(listCustomers, "/api/v1/customers", { key, query: { limit: "2", cursor } });
      seen.push(...page.json.data.map((c: { externalId: string }) => c.externalId));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["c-3", "c-2", "c-1"]);
    const found = await callRoute(listCustomers, "/api/v1/customers", { key, query: { search: "gmbh" } });
    expect(found.json.data.map((c: { externalId: string }) => c.externalId)).toEqual(["c-2"]);
    const exact = await callRoute(listCustomers, "/api/v1/customers", { key, query: { externalId: "c-1" } });
    expect(exact.json.data.map((c: { name: string }) => c.name)).toEqual(["Alpha Ltd"]);
  });

  it("shows another organization's key nothing of this one", async () => {
    const a = await createOrganizationWithMember();
    const b = await createOrganizationWithMember();
    const created = await callRoute(createCustomer, "/api/v1/customers", { key: await apiKeyFor(a.organization.id), body: { externalId: "private" } });
    const keyB = await apiKeyFor(b.organization.id);
    expect((await callRoute(listCustomers, "/api/v1/customers", { key: keyB })).json).toEqual({ data: [], nextCursor: null });
    const read = await callRoute(getCustomer, "/x", { key: keyB, params: { id: created.json.id } });
    expect(read.status).toBe(404);
    expect(read.json).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String), field: "id" } });
  });
});
