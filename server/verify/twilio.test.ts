import fc from "fast-check";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { describePresetContract, jsonBodies } from "./testing/preset-contract";
import { verifyDelivery } from "./registry";
import { signTwilioRequest } from "./twilio";
import type { WebhookRequest } from "./verifier";

const BASE_URL = "https://hooks.example.com/api/hooks/tok?flow=sms";
const authTokens = fc.stringMatching(/^[0-9a-f]{32}$/);
const now = { now: () => new Date(1_700_000_000_000) };

/** JSON deliveries (e.g. Event Streams) bind the body through bodySHA256 in the signed URL. */
function jsonRequest(body: string, sign: (url: string) => string): WebhookRequest {
  const url = `${BASE_URL}&bodySHA256=${twilio.getExpectedBodyHash(body)}`;
  return { method: "POST", url, headers: { "content-type": "application/json", "x-twilio-signature": sign(url) }, rawBody: Buffer.from(body) };
}

describePresetContract<string>({
  preset: "twilio",
  keys: authTokens,
  configured: (token) => token,
  bodies: jsonBodies,
  providerSigns: (token, body) => jsonRequest(body, (url) => twilio.getExpectedTwilioSignature(token, url, {})),
  weSign: (token, body) => jsonRequest(body, (url) => signTwilioRequest(token, url, "application/json", Buffer.from(body))),
  providerAccepts: (token, delivery) =>
    twilio.validateRequestWithBody(token, delivery.headers["x-twilio-signature"], delivery.url, delivery.rawBody.toString("utf8")),
  requiredHeaders: ["X-Twilio-Signature"],
  malformed: { "X-Twilio-Signature": ["", "not base64!", Buffer.alloc(32).toString("base64"), "abc"] },
});

describe("twilio form posts (SMS, Voice)", () => {
  const params = fc.dictionary(
    fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/),
    fc.oneof(fc.string({ maxLength: 40, unit: "grapheme" }), fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 })),
    { minKeys: 1, maxKeys: 8 },
  );

  function formBody(fields: Record<string, string | string[]>): string {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
    return form.toString();
  }

  function formRequest(url: string, body: string, signature: string): WebhookRequest {
    return {
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      rawBody: Buffer.from(body),
    };
  }

  it("accepts what the SDK signs over the URL and sorted parameters, and the SDK accepts ours", () => {
    fc.assert(
      fc.property(authTokens, params, (token, fields) => {
        const body = formBody(fields);
        const sdkSigned = formRequest(BASE_URL, body, twilio.getExpectedTwilioSignature(token, BASE_URL, fields));
        expect(verifyDelivery(sdkSigned, { preset: "twilio" }, [token], now)).toEqual({ ok: true });
        const ours = signTwilioRequest(token, BASE_URL, "application/x-www-form-urlencoded", Buffer.from(body));
        expect(twilio.validateRequest(token, ours, BASE_URL, fields)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a changed parameter value", () => {
    fc.assert(
      fc.property(authTokens, params, fc.string({ minLength: 1, maxLength: 5 }), (token, fields, extra) => {
        const [name] = Object.keys(fields);
        const signature = twilio.getExpectedTwilioSignature(token, BASE_URL, fields);
        const changed = { ...fields, [name]: `${[fields[name]].flat().join("")}${extra}` };
        const verdict = verifyDelivery(formRequest(BASE_URL, formBody(changed), signature), { preset: "twilio" }, [token], now);
        expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("does not match any configured secret") });
      }),
      { numRuns: 100 },
    );
  });

  it("accepts the URL with or without the default port, as Twilio may have signed either", () => {
    const token = "12345678901234567890123456789012";
    const body = "From=%2B15551234567&Body=hi";
    const fields = { From: "+15551234567", Body: "hi" };
    const signedWithPort = twilio.getExpectedTwilioSignature(token, "https://hooks.example.com:443/api/hooks/tok", fields);
    const delivery = formRequest("https://hooks.example.com/api/hooks/tok", body, signedWithPort);
    expect(verifyDelivery(delivery, { preset: "twilio" }, [token], now)).toEqual({ ok: true });
    const elsewhere = formRequest("https://hooks.example.com/api/hooks/other", body, signedWithPort);
    expect(verifyDelivery(elsewhere, { preset: "twilio" }, [token], now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("check it matches the one configured in Twilio"),
    });
  });

  it("refuses a JSON body whose URL carries no bodySHA256, since nothing would bind the body", () => {
    const token = "12345678901234567890123456789012";
    const delivery: WebhookRequest = {
      method: "POST",
      url: BASE_URL,
      headers: { "content-type": "application/json", "x-twilio-signature": twilio.getExpectedTwilioSignature(token, BASE_URL, {}) },
      rawBody: Buffer.from('{"a":1}'),
    };
    expect(verifyDelivery(delivery, { preset: "twilio" }, [token], now)).toMatchObject({ ok: false, reason: expect.stringContaining("bodySHA256") });
  });

  it("accepts a status callback sent by GET: the SDK's signature over the URL with its parameters", () => {
    const token = "12345678901234567890123456789012";
    const url = `${BASE_URL}&MessageSid=SM123&MessageStatus=delivered`;
    const delivery: WebhookRequest = {
      method: "GET",
      url,
      headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(token, url, {}) },
      rawBody: Buffer.alloc(0),
    };
    expect(verifyDelivery(delivery, { preset: "twilio" }, [token], now)).toEqual({ ok: true });
    expect(twilio.validateRequest(token, signTwilioRequest(token, url, undefined, Buffer.alloc(0), "GET"), url, {})).toBe(true);

    const changed = { ...delivery, url: url.replace("delivered", "failed") };
    expect(verifyDelivery(changed, { preset: "twilio" }, [token], now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("does not match any configured secret"),
    });
    const withBody = { ...delivery, rawBody: Buffer.from("MessageStatus=failed") };
    expect(verifyDelivery(withBody, { preset: "twilio" }, [token], now)).toEqual({
      ok: false,
      reason: "a Twilio GET callback carries its parameters in the URL and has no body",
    });
  });
});
