import { describe, expect, it } from "vitest";
import { AppError, errorBody } from "./errors";

describe("error mapping", () => {
  it("maps app errors to their status with code, message and field", () => {
    expect(errorBody(new AppError("NOT_FOUND", "No such instance.", { field: "instanceId" }))).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "No such instance.", field: "instanceId" } },
      headers: {},
    });
    expect(errorBody(new AppError("TOO_MANY_REQUESTS", "Slow down.", { retryAfterSeconds: 30 })).headers).toEqual({ "Retry-After": "30" });
  });

  it("never passes an unexpected error's message or stack to the client", () => {
    const answer = errorBody(new Error("connect ECONNREFUSED postgres://admin:pw@db/app"));
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain("ECONNREFUSED");
  });
});
