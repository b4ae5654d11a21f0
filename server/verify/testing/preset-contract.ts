import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { VerifyPreset } from "../presets";
import { verifyDelivery } from "../registry";
import type { VerifyResult, WebhookRequest } from "../verifier";

/**
 * The contract every preset meets, checked against the provider's own SDK: what the SDK signs
 * we accept, what we sign the SDK accepts, and each way a delivery can be wrong is rejected with
 * a reason a support engineer can act on. Keys are generic because SendGrid signs with a key pair.
 */
export type PresetContract<Key> = {
  preset: VerifyPreset;
  keys: fc.Arbitrary<Key>;
  /** What the vendor configures as the secret for this key (the key itself, or a public key). */
  configured: (key: Key) => string;
  bodies?: fc.Arbitrary<string>;
  /** A delivery as the provider (its SDK, or its documented algorithm where no SDK signs) sends it. */
  providerSigns: (key: Key, body: string, signedAt: Date) => WebhookRequest | Promise<WebhookRequest>;
  /** A delivery signed by our signer (what the sandbox simulators send). */
  weSign: (key: Key, body: string, signedAt: Date) => WebhookRequest;
  /** The provider SDK's verdict on a delivery at `now`. */
  providerAccepts: (key: Key, request: WebhookRequest, now: Date) => boolean | Promise<boolean>;
  /** Required headers, as the provider's docs spell them; each one missing must be named in the reason. */
  requiredHeaders: string[];
  /** Header → values that must be rejected as malformed. */
  malformed: Record<string, string[]>;
  /** Replay window in seconds, for presets that sign a timestamp. */
  tolerance?: number;
};

/** fast-check runs per property; the report's case counts are derived from these. */
export const RUNS = { providerSigned: 100, sdkAcceptsOurs: 50, tampered: 100, wrongSecret: 50, stale: 50 } as const;

export const printableSecrets = fc
  .string({ minLength: 1, maxLength: 64, unit: "grapheme" })
  .filter((secret) => secret.trim().length > 0 && !secret.includes("\0"));

/** Standard Webhooks / Svix secrets: `whsec_` + base64 of random key bytes. */
export const whsecSecrets = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((bytes) => `whsec_${Buffer.from(bytes).toString("base64")}`);

export const jsonBodies = fc.json({ maxDepth: 3 }).filter((text) => text.length > 0);
export const anyBodies = fc.oneof(jsonBodies, fc.string({ minLength: 1, maxLength: 300, unit: "binary" }));

/** Whole seconds, because every provider signs whole seconds. */
const signingTimes = fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }).map((seconds) => new Date(seconds * 1000));

function verifyAt(contract: PresetContract<unknown>, request: WebhookRequest, secrets: string[], now: Date): VerifyResult {
  return verifyDelivery(request, { preset: contract.preset }, secrets, { now: () => now });
}

function withoutHeader(request: WebhookRequest, name: string): WebhookRequest {
  const headers = { ...request.headers };
  delete headers[name.toLowerCase()];
  return { ...request, headers };
}

function flipByte(request: WebhookRequest, index: number, mask: number): WebhookRequest {
  const rawBody = Buffer.from(request.rawBody);
  rawBody[index % rawBody.length] ^= mask;
  return { ...request, rawBody };
}

export function describePresetContract<Key>(contract: PresetContract<Key>): void {
  const c = contract as PresetContract<unknown>;
  const bodies = contract.bodies ?? anyBodies;
  const tolerance = contract.tolerance ?? 300;
  const withinWindow = contract.tolerance === undefined ? fc.constant(0) : fc.integer({ min: -tolerance, max: tolerance });

  describe(`${contract.preset} preset (oracle: provider SDK)`, () => {
    // Several SDKs read Date.now() with no way to inject a clock; only Date is faked.
    beforeAll(() => vi.useFakeTimers({ toFake: ["Date"] }));
    afterAll(() => vi.useRealTimers());

    it("accepts what the provider signs, within the replay window", async () => {
      await fc.assert(
        fc.asyncProperty(contract.keys, bodies, signingTimes, withinWindow, async (key, body, signedAt, skew) => {
          const request = await contract.providerSigns(key, body, signedAt);
          const now = new Date(signedAt.getTime() + skew * 1000);
          expect(verifyAt(c, request, [contract.configured(key)], now)).toEqual({ ok: true });
        }),
        { numRuns: RUNS.providerSigned },
      );
    });

    it("signs what the provider's SDK accepts", async () => {
      await fc.assert(
        fc.asyncProperty(contract.keys, bodies, signingTimes, async (key, body, signedAt) => {
          vi.setSystemTime(signedAt);
          expect(await contract.providerAccepts(key, contract.weSign(key, body, signedAt), signedAt)).toBe(true);
        }),
        { numRuns: RUNS.sdkAcceptsOurs },
      );
    });

    it("rejects a body with any byte changed", async () => {
      await fc.assert(
        fc.asyncProperty(contract.keys, bodies, signingTimes, fc.nat(), fc.integer({ min: 1, max: 255 }), async (key, body, signedAt, index, mask) => {
          const request = flipByte(await contract.providerSigns(key, body, signedAt), index, mask);
          const verdict = verifyAt(c, request, [contract.configured(key)], signedAt);
          expect(verdict.ok).toBe(false);
          if (!verdict.ok) expect(verdict.reason).toMatch(/does not (match|verify)|body was changed/);
        }),
        { numRuns: RUNS.tampered },
      );
    });

    it("rejects a delivery signed with another secret", async () => {
      const twoKeys = fc.tuple(contract.keys, contract.keys).filter(([a, b]) => contract.configured(a) !== contract.configured(b));
      await fc.assert(
        fc.asyncProperty(twoKeys, bodies, signingTimes, async ([signer, configured], body, signedAt) => {
          const request = await contract.providerSigns(signer, body, signedAt);
          const verdict = verifyAt(c, request, [contract.configured(configured)], signedAt);
          expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/does not (match|verify with) any configured/) });
        }),
        { numRuns: RUNS.wrongSecret },
      );
    });

    if (contract.tolerance !== undefined) {
      it("rejects a timestamp outside the replay window, in either direction", async () => {
        const beyond = fc.integer({ min: tolerance + 1, max: 30 * 86_400 });
        await fc.assert(
          fc.asyncProperty(contract.keys, bodies, signingTimes, beyond, fc.boolean(), async (key, body, signedAt, skew, future) => {
            const request = await contract.providerSigns(key, body, signedAt);
            const now = new Date(signedAt.getTime() + (future ? -skew : skew) * 1000);
            const verdict = verifyAt(c, request, [contract.configured(key)], now);
            expect(verdict).toMatchObject({
              ok: false,
              reason: `timestamp is ${skew} s ${future ? "in the future" : "old"}; tolerance is ${tolerance} s (stale or replayed delivery, or a clock out of sync)`,
            });
          }),
          { numRuns: RUNS.stale },
        );
      });
    }

    it.each(contract.requiredHeaders)("rejects a delivery without %s", async (header) => {
      const key = fc.sample(contract.keys, { numRuns: 1, seed: 7 })[0];
      const signedAt = new Date(1_700_000_000_000);
      const request = withoutHeader(await contract.providerSigns(key, '{"id":"evt_1"}', signedAt), header);
      expect(verifyAt(c, request, [contract.configured(key)], signedAt)).toEqual({ ok: false, reason: expect.stringContaining(`missing ${header}`) });
    });

    const malformedCases = Object.entries(contract.malformed).flatMap(([header, values]) => values.map((value) => [header, value] as const));
    it.each(malformedCases)("rejects a malformed %s header: %j", async (header, value) => {
      const key = fc.sample(contract.keys, { numRuns: 1, seed: 7 })[0];
      const signedAt = new Date(1_700_000_000_000);
      const signed = await contract.providerSigns(key, '{"id":"evt_1"}', signedAt);
      const request = { ...signed, headers: { ...signed.headers, [header.toLowerCase()]: value } };
      expect(verifyAt(c, request, [contract.configured(key)], signedAt)).toEqual({
        ok: false,
        reason: expect.stringMatching(new RegExp(`^${header} header is malformed`, "i")),
      });
    });

    it("fails closed with no usable secret, and accepts a rotated-in second secret", async () => {
      const [oldKey, newKey] = fc.sample(contract.keys, { numRuns: 2, seed: 11 });
      const signedAt = new Date(1_700_000_000_000);
      const request = await contract.providerSigns(newKey, '{"id":"evt_1"}', signedAt);
      expect(verifyAt(c, request, [], signedAt)).toEqual({ ok: false, reason: "no secret configured" });
      expect(verifyAt(c, request, ["", "  "], signedAt)).toEqual({ ok: false, reason: "no secret configured" });
      expect(verifyAt(c, request, [contract.configured(oldKey), contract.configured(newKey)], signedAt)).toEqual({ ok: true });
    });
  });
}
