import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-unavailable";

/** The shapes below are those Prisma 7 (driver adapter pg) and pg throw when Postgres goes away. */
describe("isDatabaseUnavailable", () => {
  it("recognises Postgres shutting down a connection, as Prisma wraps it (P2039 around 57P01)", () => {
    const error = Object.assign(new Error("Database error. Code: `57P01`. Message: `terminating connection due to administrator command`"), {
      code: "P2039",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { originalCode: "57P01", kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" },
        },
      },
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("recognises a refused connection, from Prisma and from pg", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not mistake a query's own failure for an outage", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" }))).toBe(false);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error("Unique constraint failed"), { code: "P2002", meta: { driverAdapterError: { cause: { code: "23505" } } } }),
      ),
    ).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable("a string")).toBe(false);
  });
});
