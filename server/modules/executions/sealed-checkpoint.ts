/**
 * The checkpoint's input (the data handed from one state to the next) holds real values, secret
 * config values a state read included, so it is stored sealed with the encryption key. Rows
 * written before sealing hold plain JSON and are read as they are. An execution the ingest just
 * started has none (NULL) until its first state commits: its checkpoint input is its `input`,
 * which holds no config, so the ingest neither encrypts nor stores a second copy of the delivery.
 */
import { openJson, sealJson } from "@/server/crypto/keyring";

/** The JSON key of a sealed checkpoint input; key rotation re-encrypts `current_input->>'$sealed'`. */
export const SEALED_INPUT_KEY = "$sealed";

export function sealCheckpointInput(input: unknown): { [SEALED_INPUT_KEY]: string } {
  return { [SEALED_INPUT_KEY]: sealJson({ value: input }) };
}

export function openCheckpointInput(stored: unknown): unknown {
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    const sealed = (stored as Record<string, unknown>)[SEALED_INPUT_KEY];
    if (typeof sealed === "string" && Object.keys(stored).length === 1) return openJson<{ value: unknown }>(sealed).value;
  }
  return stored;
}
