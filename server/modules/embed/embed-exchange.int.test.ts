import { TRPCError } from "@trpc/server";
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { prepareEmbedOrganization, signEmbedToken } from "./embed-fixtures";

const ORIGIN = "https://app.vendor.test";

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const exchange = (token: string, parentOrigin = ORIGIN) => callerAs({}).embed.exchange({ token, parentOrigin });

describe("embed JWT exchange", () => {
  let organizationId: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let hmacSecret: Uint8Array;
  const rsKid = "rs-key";
  const hsKid = "hs-key";

  beforeAll(async () => {
    const { organization } = await createOrganizationWithMember();
    organizationId = organization.id;
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

  it("refuses a token for a new customer whose id breaks the external id rule, and creates no customer", async () => {
    const token = await signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "Acme Corp / EU" });
    const refused = await refusal(exchange(token));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('The token\'s "customer" claim "Acme Corp / EU" is not a valid customer id') });
    expect(await db().customer.count({ where: { organizationId, externalId: "Acme Corp / EU" } })).toBe(0);
  });

  it("accepts an HS256 token signed with the generated secret, which is stored encrypted", async () => {
    const token = await signEmbedToken(hmacSecret, "HS256", { organizationId, kid: hsKid, customer: "acct-hs" });
    expect((await exchange(token)).sessionToken).toMatch(/^Fe26\.2\*/);
    const stored = await db().embedKey.findFirstOrThrow({ where: { organizationId, kid: hsKid } });
    expect(stored.secretEncrypted).not.toContain(new TextDecoder().decode(hmacSecret));
  });

  it.each([
    ["a token signed with another key", async () => signEmbedToken((await generateKeyPair("RS256")).privateKey, "RS256", { organizationId, kid: rsKid, customer: "c" }), /signature/],
    ["an expired token", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 }), /expired/],
    ["an unsigned token (alg: none)", async () => new UnsecuredJWT({ customer: "c" }).setIssuer(organizationId).setSubject("u").setIssuedAt().setExpirationTime("1h").encode(), /RS256 or HS256/],
    ["a token living longer than 24 hours", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", expiresIn: 25 * 3600 }), /24 hours/],
    ["a token naming an unknown kid", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: "nope", customer: "c" }), /does not exist/],
    ["a token without a customer", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid }), /"customer"/],
    ["a token without a subject", () => signEmbedToken(rsa.privateKey, "RS256", { organizationId, kid: rsKid, customer: "c", sub: "" }), /"sub"/],
    ["an HS256 token for an RS256 key", () => signEmbedToken(hmacSecret, "HS256", { organizationId, kid: rsKid, customer: "c" }), /alg does not match/],
    ["a token without exp", () => new SignJWT({ customer: "c" }).setProtectedHeader({ alg: "HS256", kid: hsKid }).setIssuer(organizationId).setSubject("u").setIssuedAt().sign(hmacSecret), /"exp"/],
    ["something that is not a JWT", async () => "not-a-jwt", /not a JWT/],
  ])("refuses %s as unauthorized", async (_name, makeToken, message) => {
    const error = await refusal(exchange(await makeToken()));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toMatch(message);
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
