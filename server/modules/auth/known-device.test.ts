import { describe, expect, it } from "vitest";
import { DEVICE_TOKEN_MAX_AGE_SECONDS, deviceCookieName, isDeviceToken, issueDeviceToken } from "./known-device";

const secret = "a-session-secret-that-is-long-enough-0123456789";
const day = 24 * 60 * 60 * 1000;

describe("device tokens", () => {
  it("vouch for the browser of the account they were issued for, under this server's secret", () => {
    const token = issueDeviceToken("user-a", secret);
    expect(isDeviceToken(token, "user-a", secret)).toBe(true);
    expect(isDeviceToken(token, "user-b", secret)).toBe(false);
    expect(isDeviceToken(token, "user-a", "another-secret-that-is-long-enough-0123456789")).toBe(false);
    expect(isDeviceToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, "user-a", secret)).toBe(false);
    expect(isDeviceToken(undefined, "user-a", secret)).toBe(false);
    expect(isDeviceToken("garbage", "user-a", secret)).toBe(false);
  });

  it("expire after 180 days, and cannot be dated ahead", () => {
    const now = Date.now();
    expect(isDeviceToken(issueDeviceToken("user-a", secret, now - 179 * day), "user-a", secret, now)).toBe(true);
    expect(isDeviceToken(issueDeviceToken("user-a", secret, now - DEVICE_TOKEN_MAX_AGE_SECONDS * 1000 - 1000), "user-a", secret, now)).toBe(false);
    expect(isDeviceToken(issueDeviceToken("user-a", secret, now + day), "user-a", secret, now)).toBe(false);
  });

  it("live in one cookie per account, named without the user id", () => {
    expect(deviceCookieName("user-a", secret)).toMatch(/^switchyard-device-[A-Za-z0-9_-]{16}$/);
    expect(deviceCookieName("user-a", secret)).not.toBe(deviceCookieName("user-b", secret));
    expect(deviceCookieName("user-a", secret)).not.toContain("user-a");
  });
});
