import { TRPCError } from "@trpc/server";
import { decodeJwt, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { manualManifest } from "@/server/api/testing/call-route";
import { callerAs, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { prepareEmbedOrganization, signEmbedToken } from "./embed-fixtures";
import { setIntegrationListed } from "./embed-marketplace.repo";

const ORIGIN = "https://app.vendor.test";

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const exchange = (token: string, parentOrigin = ORIGIN) => callerAs({}).embed.exchange({ token, parentOrigin });

const nowSeconds = () => Math.floor(Date.now() / 1000);
const TEN_YEARS = 10 * 365 * 24 * 3600;

describe("embed JWT exchange", () => {
  let organizationId: string;
  let ownerId: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let hmacSecret: Uint8Array;
  const rsKid = "rs-key";
  const hsKid = "hs-key";

  beforeAll(async () => {
    const { organization, user } = await createOrganizationWithMember();
    organizationId = organization.id;
    ownerId = user.id;
    rsa = await generateKeyPair("RS256", { extractable: true });
    await prepareEmbedOrganization(organizationId, { allowedOrigins: [ORIGIN], publicKeyPem: await exportSPKI(rsa.publicKey), kid: rsKid });
    const hs = await prepareEmbedOrganization(organizationId, { allowedOrigins: [ORIGIN], kid: hsKid });
    hmacSecret = new TextEncoder().encode(hs.secret!);
  });

  it("accepts an RS256 token, creates the customer on first sight and seals a session the embed procedures accept", async () => {
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, sub: "user-7", customer: "acct-rs", customerName: "Initech" });
    const session = await exchange(token);
    expect(session.sessionToken.startsWith("Fe26.2*")).toBe(true);
    expect(session.customerName).toBe("Initech");
    expect(await db().customer.findFirst({ where: { organizationId, externalId: "acct-rs" } })).toMatchObject({ name: "Initech" });
    expect(await callerAs({ bearer: session.sessionToken }).embed.session()).toMatchObject({ customerExternalId: "acct-rs", userId: "user-7" });
  });

  it("answers with the customer's first marketplace page when the frame asks: their own instance shows, nobody else's", async () => {
    const { integration } = await deployIntegration({
      organizationId,
      manifest: manualManifest(uniqueKey("first-page")),
      config: { greeting: "Hi" },
      customer: "acct-active",
    });
    await setIntegrationListed(organizationId, integration.id, true);
    const firstPage = async (customer: string) => {
      const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer });
      return (await callerAs({}).embed.exchange({ token, parentOrigin: ORIGIN, prefetch: { marketplace: {} } })).marketplace;
    };
    const card = (page: Awaited<ReturnType<typeof firstPage>>) => page?.items.find((item) => item.key === integration.key);
    expect(card(await firstPage("acct-active"))?.instance).toMatchObject({ status: "active" });
    // A customer signing in for the first time is created beside the page, and has no instance on it.
    expect(card(await firstPage("acct-first-visit"))).toMatchObject({ name: integration.name, instance: null });
    expect(await db().customer.count({ where: { organizationId, externalId: "acct-first-visit" } })).toBe(1);
    // Without a prefetch the answer carries no page.
    expect((await exchange(await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-active" }))).marketplace).toBeNull();
  });

  it("leaves a known customer's row as it is on each sign-in, and renames it when the token gives a new name", async () => {
    const sign = (customerName?: string) =>
      signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-steady", ...(customerName ? { customerName } : {}) });
    await exchange(await sign("Steady Co"));
    const first = await db().customer.findFirstOrThrow({ where: { organizationId, externalId: "acct-steady" } });
    await exchange(await sign("Steady Co"));
    await exchange(await sign());
    expect(await db().customer.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ name: "Steady Co", updatedAt: first.updatedAt });
    expect((await exchange(await sign("Steady Company"))).customerName).toBe("Steady Company");
    expect(await db().customer.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ name: "Steady Company" });
  });

  it("refuses a token for a new customer whose id breaks the external id rule, and creates no customer", async () => {
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "Acme Corp / EU" });
    const refused = await refusal(exchange(token));
    expect(refused).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('The token\'s "customer" claim "Acme Corp / EU" is not a valid customer id'),
    });
    expect(await db().customer.count({ where: { organizationId, externalId: "Acme Corp / EU" } })).toBe(0);
  });

  it("accepts an HS256 token signed with the generated secret, which is stored encrypted", async () => {
    const token = await signEmbedToken(hmacSecret, "HS256", { organizationId, kid: hsKid, customer: "acct-hs" });
    expect((await exchange(token)).sessionToken).toMatch(/^Fe26\.2\*/);
    const stored = await db().embedKey.findFirstOrThrow({ where: { organizationId, kid: hsKid } });
    expect(stored.secretEncrypted).not.toContain(new TextDecoder().decode(hmacSecret));
  });

  it.each([
    [
      "a token signed with another key",
      async () => signEmbedToken((await generateKeyPair("RS256")).privateKey, "RS256", { organizationId, kid: rsKid, customer: "c" }),
      /signature/,
    ],
    [
      "an expired token",
      () =>
        signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 }),
      /expired/,
    ],
    [
      "an unsigned token (alg: none)",
      async () => new UnsecuredJWT({ customer: "c" }).setIssuer(organizationId).setSubject("u").setIssuedAt().setExpirationTime("1h").encode(),
      /RS256 or HS256/,
    ],
    [
      "a token issued ten years from now (exp an hour after that)",
      () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", issuedAt: nowSeconds() + TEN_YEARS }),
      /"iat".*future/,
    ],
    [
      "a token whose iat is after its exp",
      () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", issuedAt: nowSeconds() + 20, expiresIn: -10 }),
      /"iat".*after.*"exp"/,
    ],
    [
      "a token not valid before an hour from now (nbf)",
      () =>
        new SignJWT({ customer: "c" })
          .setProtectedHeader({ alg: "HS256", kid: hsKid })
          .setIssuer(organizationId)
          .setSubject("u")
          .setIssuedAt()
          .setNotBefore(nowSeconds() + 3600)
          .setExpirationTime("2h")
          .sign(hmacSecret),
      /"nbf"/,
    ],
    [
      "a token living longer than 24 hours",
      () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", expiresIn: 25 * 3600 }),
      /24 hours/,
    ],
    ["a token naming an unknown kid", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: "nope", customer: "c" }), /does not exist/],
    ["a token without a customer", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid }), /"customer"/],
    ["a token without a subject", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", sub: "" }), /"sub"/],
    ["an HS256 token for an RS256 key", () => signEmbedToken(hmacSecret, "HS256", { organizationId, kid: rsKid, customer: "c" }), /alg does not match/],
    [
      "a token without exp",
      () =>
        new SignJWT({ customer: "c" })
          .setProtectedHeader({ alg: "HS256", kid: hsKid })
          .setIssuer(organizationId)
          .setSubject("u")
          .setIssuedAt()
          .sign(hmacSecret),
      /"exp"/,
    ],
    ["something that is not a JWT", async () => "not-a-jwt", /not a JWT/],
  ])("refuses %s as unauthorized", async (_name, makeToken, message) => {
    const error = await refusal(exchange(await makeToken()));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toMatch(message);
  });

  it("seals a session that ends when the token does, and never later than 12 hours from now", async () => {
    const shortToken = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-short", expiresIn: 120 });
    const short = await exchange(shortToken);
    const exp = (decodeJwt(shortToken).exp ?? 0) * 1000;
    expect(short.expiresAt).toBe(exp);
    expect((await callerAs({ bearer: short.sessionToken }).embed.session()).expiresAt).toBe(exp);

    const longToken = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-long", expiresIn: 20 * 3600 });
    const long = await exchange(longToken);
    expect(long.expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600 * 1000);
    expect(long.expiresAt).toBeGreaterThan(Date.now() + 11 * 3600 * 1000);
  });

  // One caller per request, as each HTTP request gets its own context.
  const asSession = (sessionToken: string) => callerAs({ bearer: sessionToken });

  it("ends the sessions exchanged with a key the moment it is revoked; sessions of other keys go on", async () => {
    const doomed = await prepareEmbedOrganization(organizationId, { allowedOrigins: [ORIGIN], kid: "revoked-while-in-use" });
    const doomedToken = await signEmbedToken(new TextEncoder().encode(doomed.secret!), "HS256", {
      organizationId,
      kid: "revoked-while-in-use",
      customer: "acct-revoked",
    });
    const doomedSession = (await exchange(doomedToken)).sessionToken;
    const otherSession = (await exchange(await signEmbedToken(hmacSecret, "HS256", { organizationId, kid: hsKid, customer: "acct-revoked" }))).sessionToken;
    expect(await asSession(doomedSession).embed.session()).toMatchObject({ customerExternalId: "acct-revoked" });

    await callerAs({ userId: ownerId }).embedKeys.revoke({ id: doomed.key.id });
    expect((await refusal(asSession(doomedSession).embed.session())).code).toBe("UNAUTHORIZED");
    expect((await refusal(asSession(doomedSession).embed.marketplace.list({}))).code).toBe("UNAUTHORIZED");
    expect((await refusal(asSession(doomedSession).connections.list())).code).toBe("UNAUTHORIZED");
    expect(await asSession(otherSession).embed.session()).toMatchObject({ customerExternalId: "acct-revoked" });
  });

  it("ends a session whose customer no longer exists", async () => {
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-deleted" });
    const { sessionToken } = await exchange(token);
    expect(await asSession(sessionToken).embed.session()).toMatchObject({ customerExternalId: "acct-deleted" });
    await db().customer.deleteMany({ where: { organizationId, externalId: "acct-deleted" } });
    expect((await refusal(asSession(sessionToken).embed.session())).code).toBe("UNAUTHORIZED");
  });

  it("refuses a token whose issuer is another organization, even with a kid that exists there", async () => {
    const other = await createOrganizationWithMember();
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId: other.organization.id, kid: rsKid, customer: "c" });
    expect((await refusal(exchange(token))).code).toBe("UNAUTHORIZED");
  });

  it("refuses a revoked key", async () => {
    const extra = await prepareEmbedOrganization(organizationId, { allowedOrigins: [ORIGIN], kid: "soon-revoked" });
    const token = await signEmbedToken(new TextEncoder().encode(extra.secret!), "HS256", { organizationId, kid: "soon-revoked", customer: "c" });
    await db().embedKey.updateMany({ where: { organizationId, kid: "soon-revoked" }, data: { revokedAt: new Date() } });
    expect((await refusal(exchange(token))).message).toMatch(/revoked/);
  });

  it("exchanges only for a parent origin the organization allows", async () => {
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "acct-origin" });
    expect((await exchange(token, ORIGIN)).sessionToken).toBeTruthy();
    for (const origin of ["https://evil.test", "https://app.vendor.test.evil.test", "http://app.vendor.test", "null"]) {
      const error = await refusal(exchange(token, origin));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toMatch(/^forbidden_origin: /);
    }
    // Checked before the customer exists: a refused origin creates nothing.
    const fresh = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "never-created" });
    await refusal(exchange(fresh, "https://evil.test"));
    expect(await db().customer.count({ where: { organizationId, externalId: "never-created" } })).toBe(0);
  });
});
