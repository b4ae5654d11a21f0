import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptJson, decryptSecret, encryptJson, encryptSecret } from "./secret-box";

describe("secret box", () => {
  const key = randomBytes(32);

  it("round-trips text and never shows the plaintext in the sealed form", () => {
    const sealed = encryptSecret("gho_supersecret", key);
    expect(sealed).not.toContain("gho_supersecret");
    expect(decryptSecret(sealed, key)).toBe("gho_supersecret");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = encryptSecret("hello", key);
    const parts = sealed.split(":");
    const body = Buffer.from(parts[4], "base64url");
    body[0] ^= 1;
    parts[4] = body.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), key)).toThrow(/altered/);
  });

  it("names a wrong key instead of returning garbage", () => {
    const sealed = encryptSecret("hello", key);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(/another key/);
  });

  it("round-trips JSON", () => {
    expect(decryptJson(encryptJson({ accessToken: "a", n: 1 }, key), key)).toEqual({ accessToken: "a", n: 1 });
  });
});
