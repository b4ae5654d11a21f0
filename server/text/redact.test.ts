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

describe("what has nothing to hide", () => {
  it("is handed back as it is, and only the objects on the way to a secret are copied", () => {
    const issue = { number: 12, labels: [{ name: "bug" }], user: { login: "octo" } };
    const value = { issue, auth: { note: "uses s3cret-value" } };
    expect(redactSecrets(issue, ["s3cret-value"])).toBe(issue);
    const redacted = redactSecrets(value, ["s3cret-value"]);
    expect(redacted).toEqual({ issue, auth: { note: `uses ${REDACTED}` } });
    expect(redacted.issue).toBe(issue);
    expect(value.auth.note).toBe("uses s3cret-value");
  });

  it("still copies objects that are not plain, as it always did", () => {
    class Step {
      constructor(readonly name: string) {}
    }
    const redacted = redactSecrets({ step: new Step("a") }, []);
    expect(redacted.step).not.toBeInstanceOf(Step);
    expect(redacted.step).toEqual({ name: "a" });
  });
});
