import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { openCheckpointInput, sealCheckpointInput, SEALED_INPUT_KEY } from "./sealed-checkpoint";

describe("sealed checkpoint input", () => {
  beforeAll(() => useEncryptionKey(randomBytes(32)));

  it("round-trips any input without showing it", () => {
    for (const input of [{ token: "s3cret-value", n: 1 }, ["a"], "text", 0, null, undefined]) {
      const sealed = sealCheckpointInput(input);
      expect(JSON.stringify(sealed)).not.toContain("s3cret-value");
      expect(openCheckpointInput(JSON.parse(JSON.stringify(sealed)))).toEqual(input);
    }
  });

  it("reads inputs stored before sealing as they are", () => {
    expect(openCheckpointInput({ a: 1 })).toEqual({ a: 1 });
    expect(openCheckpointInput({ [SEALED_INPUT_KEY]: "not sealed", other: 1 })).toEqual({ [SEALED_INPUT_KEY]: "not sealed", other: 1 });
    expect(openCheckpointInput(null)).toBeNull();
  });
});
