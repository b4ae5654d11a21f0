import { describe, expect, it } from "vitest";
import { bodyText, redactHeadersForDisplay } from "./event-view";

describe("a received delivery as support reads it", () => {
  it("hides every header whose name says it carries a credential, and keeps the rest", () => {
    const shown = redactHeadersForDisplay({
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "abc-123",
      "x-hub-signature-256": "sha256=deadbeef",
      "x-shopify-hmac-sha256": "c2lnbmF0dXJl",
      authorization: "Bearer live-token",
      cookie: "session=1",
      "x-api-key": "vendor-key",
      "x-auth-token": "t0k3n",
      "x-webhook-secret": "s3cret",
    });
    expect(shown).toEqual({
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "abc-123",
      "x-hub-signature-256": "[redacted]",
      "x-shopify-hmac-sha256": "[redacted]",
      authorization: "[redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-auth-token": "[redacted]",
      "x-webhook-secret": "[redacted]",
    });
    expect(redactHeadersForDisplay(null)).toEqual({});
  });

  it("shows the body as text, cut at the limit, and binary bodies as a size", () => {
    expect(bodyText(Buffer.from('{"action":"opened"}'), 100)).toEqual({ text: '{"action":"opened"}', truncated: false, bytes: 19 });
    expect(bodyText(Buffer.from("x".repeat(50)), 10)).toEqual({ text: `${"x".repeat(10)}…`, truncated: true, bytes: 50 });
    expect(bodyText(Buffer.from([0xff, 0xfe, 0x00, 0x01]), 100)).toEqual({ text: "(4 bytes of binary data)", truncated: false, bytes: 4 });
    expect(bodyText(null, 100)).toEqual({ text: null, truncated: false, bytes: 0 });
  });
});
