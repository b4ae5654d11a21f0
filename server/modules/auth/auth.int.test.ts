import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { AppError } from "@/server/errors";
import { clientAddress } from "@/server/http/client-headers";
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

  it("does not pool clients whose address is unknown: their failures lock nobody else out", async () => {
    const email = "unknown-address@example.com";
    await db().user.create({ data: { email, name: "U", passwordHash: await hashPassword("the right password") } });
    // What a request that did not come through the web server's front door carries.
    const ip = clientAddress(new Headers());
    for (let i = 0; i < limits.maxFailuresPerAddress * 2; i++) {
      await expectAppError(authenticate({ email: `stranger-${i}@example.com`, password: "nope", ip }, limits), "UNAUTHORIZED");
    }
    expect(await authenticate({ email, password: "the right password", ip }, limits)).toMatchObject({ email });
  });

  it("counts an IPv6 client's failures per /64 network, where one client can pick any address", async () => {
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      await expectAppError(authenticate({ email: `v6-${i}@example.com`, password: "nope", ip: `2001:db8:5:6::${i + 1}` }, limits), "UNAUTHORIZED");
    }
    const blocked = await expectAppError(
      authenticate({ email: "v6-next@example.com", password: "nope", ip: "2001:db8:5:6:ffff::1" }, limits),
      "TOO_MANY_REQUESTS",
    );
    expect(blocked.message).toMatch(/from this address/);
    await expectAppError(authenticate({ email: "v6-next@example.com", password: "nope", ip: "2001:db8:5:7::1" }, limits), "UNAUTHORIZED");
  });

  it("lets a member in from a browser they signed in from before while a stranger keeps failing for their account", async () => {
    const email = "owner-under-attack@example.com";
    const user = await db().user.create({ data: { email, name: "O", passwordHash: await hashPassword("the right password") } });
    const knownDevice = (userId: string) => userId === user.id;
    for (let i = 0; i < limits.maxFailuresPerAccount + 2; i++) {
      await authenticate({ email, password: `guess-${i}`, ip: `198.51.100.${i}` }, limits).catch(() => undefined);
    }
    // Another browser is held back, even with the right password…
    const blocked = await expectAppError(authenticate({ email, password: "the right password", ip: "192.0.2.50" }, limits), "TOO_MANY_REQUESTS");
    expect(blocked.message).toMatch(/for this account/);
    // …the member's own browser is not, from any address (also one whose own limit a spray used up).
    expect(await authenticate({ email, password: "the right password", ip: "192.0.2.51", isKnownDevice: knownDevice }, limits)).toMatchObject({ id: user.id });
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      await authenticate({ email: `spray-${i}@example.net`, password: "nope", ip: "192.0.2.52" }, limits).catch(() => undefined);
    }
    await expectAppError(authenticate({ email, password: "the right password", ip: "192.0.2.52" }, limits), "TOO_MANY_REQUESTS");
    expect(await authenticate({ email, password: "the right password", ip: "192.0.2.52", isKnownDevice: knownDevice }, limits)).toMatchObject({ id: user.id });
  });

  it("still holds back guessing from a known browser, on a count of its own", async () => {
    const email = "stolen-browser@example.com";
    const user = await db().user.create({ data: { email, name: "S", passwordHash: await hashPassword("the right password") } });
    const knownDevice = (userId: string) => userId === user.id;
    for (let i = 0; i < limits.maxFailuresPerAccount; i++) {
      await expectAppError(authenticate({ email, password: `guess-${i}`, ip: "192.0.2.60", isKnownDevice: knownDevice }, limits), "UNAUTHORIZED");
    }
    const blocked = await expectAppError(
      authenticate({ email, password: "the right password", ip: "192.0.2.60", isKnownDevice: knownDevice }, limits),
      "TOO_MANY_REQUESTS",
    );
    expect(blocked.message).toMatch(/for this account/);
  });
});
