/**
 * What the one REST route answers before any operation runs: a path no operation has is a 404 in
 * the API's error shape, a method the path does not take is a 405 naming the ones it does, OPTIONS
 * lists them, and an operation's path with the right method asks for an API key.
 */
import { describe, expect, it } from "vitest";
import { answerApiRequest } from "./route-handler";

const id = "00000000-0000-4000-8000-000000000000";
const call = (method: string, path: string) => answerApiRequest(new Request(`http://switchyard.test${path}`, { method }));

describe("the REST route", () => {
  it("answers 404 in the error shape for a path no operation has", async () => {
    for (const path of ["/api/v1/nothing-here", `/api/v1/customers/${id}/nothing`, "/api/v1"]) {
      const response = await call("GET", path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining(path) });
    }
  });

  it("answers 405 with Allow for a method the path does not take", async () => {
    const response = await call("PUT", `/api/v1/instances/${id}`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH");
    expect((await call("DELETE", "/api/v1/customers")).headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect((await call("GET", `/api/v1/executions/${id}/cancel`)).headers.get("allow")).toBe("OPTIONS, POST");
  });

  it("answers OPTIONS with the path's methods", async () => {
    const response = await call("OPTIONS", `/api/v1/customers/${id}/connections`);
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });

  it("runs the operation of a known method and path, which wants an API key first", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/customers"],
      ["HEAD", "/api/v1/customers"],
      ["POST", `/api/v1/executions/${id}/replay`],
    ]) {
      const response = await call(method, path);
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});
