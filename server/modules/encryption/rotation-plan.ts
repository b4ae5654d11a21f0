/**
 * What a run of `npm run keys:rotate` does with the keys it is given:
 * - a new key given (`--new-key`): re-encrypt everything with it;
 * - previous keys configured (ENCRYPTION_KEY_PREVIOUS, or an interrupted rotation noted in
 *   .data/secrets.json): finish — re-encrypt whatever is still sealed with them into the current key;
 * - otherwise: generate a new key and re-encrypt everything with it.
 */
import { randomBytes } from "node:crypto";
import { keyId } from "@/server/crypto/secret-box";

export interface RotationPlan {
  kind: "rotate" | "finish";
  target: Buffer;
  /** Every key values may be sealed with during the run. */
  readable: Buffer[];
  /** Keys that are no longer needed once the run completes. */
  retiring: Buffer[];
}

export function planRotation(keys: { current: Buffer; previous: readonly Buffer[] }, newKey?: Buffer): RotationPlan {
  const distinct = (list: Buffer[]) => list.filter((k, i) => list.findIndex((other) => other.equals(k)) === i);
  if (!newKey && keys.previous.length > 0) {
    return {
      kind: "finish",
      target: keys.current,
      readable: distinct([keys.current, ...keys.previous]),
      retiring: distinct([...keys.previous]).filter((k) => !k.equals(keys.current)),
    };
  }
  const target = newKey ?? randomBytes(32);
  if (target.equals(keys.current)) throw new Error("the new key is the key in use; give a different one (or none, and one is generated)");
  return { kind: "rotate", target, readable: distinct([target, keys.current, ...keys.previous]), retiring: distinct([keys.current, ...keys.previous]) };
}

export function describeKey(key: Buffer): string {
  return `key ${keyId(key)}`;
}
