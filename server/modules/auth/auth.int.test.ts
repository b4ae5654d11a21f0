import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { AppError } from "@/server/errors";
import { hashPassword } from "./password";
import { authenticate } from "./sign-in.service";
import { createOwner, needsSetup } from "./setup.service";

const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMinutes: 15 };

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

// First-run set-up depends on there being no users at all, so this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("auth");
});

describe("owner set-up and sign-in", () => {
  it("sets up the first organization once, then refuses", async () => {
    expect(await needsSetup()).toBe(true);
    const [first, second] = await Promise.allSettled([
      createOwner({ organizationName: "Acme Corp", name: "Ada", email: "Ada@Example.com", password: "correct horse battery" }),
      createOwner({ organizationName: "Evil Corp", name: "Eve", email: "eve@example.com", password: "correct horse battery" }),
    ]);
    // Two forms submitted at once: exactly one wins.
    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(await needsSetup()).toBe(false);
    await expectAppError(createOwner({ organizationName: "Late", name: "L", email: "l@example.com", password: "correct horse battery" }), "CONFLICT");
    const owner = await db().membership.findFirstOrThrow({ include: { organization: true, user: true } });
    expect(owner.role).toBe("owner");
    expect(owner.user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("signs in with the right password (email case-insensitive) and refuses a wrong one", async () => {
    const owner = await db().user.findFirstOrThrow({ where: { email: { in: ["ada@example.com", "eve@example.com"] } } });
    const ok = await authenticate({ email: owner.email.toUpperCase(), password: "correct horse battery", ip: "10.1.1.1" }, limits);
    expect(ok.email).toBe(owner.email);
    const error = await expectAppError(authenticate({ email: owner.email, password: "wrong", ip: "10.1.1.1" }, limits), "UNAUTHORIZED");
    expect(error.message).toBe("Wrong email or password.");
    await expectAppError(authenticate({ email: "nobody@example.com", password: "whatever", ip: "10.1.1.1" }, limits), "UNAUTHORIZED");
  });

  it("rate-limits repeated failures per account, even with the right password", async () => {
    const email = "ratelimited@example.com";
    await db().user.create({ data: { email, name: "R", passwordHash: await hashPassword("the right password") } });
    for (let i = 0; i < limits.maxFailuresPerAccount; i++) {
      await expectAppError(authenticate({ email, password: "nope", ip: `10.2.0.${i}` }, limits), "UNAUTHORIZED");
    }
    const blocked = await expectAppError(authenticate({ email, password: "the right password", ip: "10.2.9.9" }, limits), "TOO_MANY_REQUESTS");
    expect(blocked.message).toMatch(/for this account/);
    expect(blocked.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("rate-limits repeated failures per address across accounts", async () => {
    const ip = "10.3.3.3";
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      await expectAppError(authenticate({ email: `spray-${i}@example.com`, password: "nope", ip }, limits), "UNAUTHORIZED");
    }
    const blocked = await expectAppError(authenticate({ email: "spray-new@example.com", password: "nope", ip }, limits), "TOO_MANY_REQUESTS");
    expect(blocked.message).toMatch(/from this address/);
  });
});
