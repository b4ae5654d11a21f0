import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact";

describe("redactSecrets", () => {
  it("replaces secrets in nested strings and keeps Dates as Dates", () => {
    const startedAt = new Date("2026-03-01T12:00:00Z");
    const redacted = redactSecrets({ startedAt, input: { url: "https://x.test/?k=s3cret-value", list: ["s3cret-value", 1] } }, ["s3cret-value"]);
    expect(redacted).toEqual({ startedAt, input: { url: `https://x.test/?k=${REDACTED}`, list: [REDACTED, 1] } });
    expect(redacted.startedAt).toBeInstanceOf(Date);
  });
});

describe("secret-named fields", () => {
  it("hides values of fields whose names say they are secret, whatever their value", () => {
    const redacted = redactSecrets(
      {
        webhook: { id: "77", signingSecret: "zd-signing-abc", endpoint: "https://x.test/hook" },
        accessToken: "gho_1",
        refresh_token: "r1",
        apiKey: "k",
        tokens: 3,
        status: "ok",
      },
      [],
    );
    expect(redacted).toEqual({
      webhook: { id: "77", signingSecret: REDACTED, endpoint: "https://x.test/hook" },
      accessToken: REDACTED,
      refresh_token: REDACTED,
      apiKey: REDACTED,
      tokens: 3,
      status: "ok",
    });
  });
});
