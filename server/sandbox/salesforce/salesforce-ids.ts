/**
 * Salesforce record ids: a 3-character key prefix naming the object (001 Account, 006 Opportunity,
 * 00D org, 005 user, 04k outbound message, 04l notification), 12 more case-sensitive characters,
 * and a 3-character suffix that makes the 18-character form safe where case is lost: each suffix
 * character encodes which of 5 characters are upper case, as Salesforce computes it.
 */
import { randomBytes } from "node:crypto";

export const KEY_PREFIX = {
  Account: "001",
  Opportunity: "006",
  User: "005",
  Organization: "00D",
  WorkflowOutboundMessage: "04k",
  OutboundNotification: "04l",
} as const;

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The 18-character form of a 15-character id. */
export function toEighteen(id15: string): string {
  if (id15.length !== 15) throw new Error(`a Salesforce id has 15 characters before its suffix (got ${id15.length})`);
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15[chunk * 5 + i]!;
      if (char >= "A" && char <= "Z") bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

/** A new 18-character id with the object's key prefix. */
export function newSalesforceId(prefix: string): string {
  const bytes = randomBytes(12);
  let body = "0";
  for (let i = 1; i < 12; i++) body += BODY_ALPHABET[bytes[i]! % BODY_ALPHABET.length];
  return toEighteen(prefix + body);
}

/** A stable user id for a sandbox account (its login decides it, so seeds and tokens agree). */
export function salesforceUserId(accountId: number): string {
  return toEighteen(`${KEY_PREFIX.User}${String(accountId).padStart(12, "0")}`);
}

/** Whether the text is a 15- or 18-character id (the 18-character one with a matching suffix). */
export function isSalesforceId(text: string): boolean {
  if (/^[0-9A-Za-z]{15}$/.test(text)) return true;
  return /^[0-9A-Za-z]{18}$/.test(text) && toEighteen(text.slice(0, 15)) === text;
}

/** Either form, as the 18-character one (ids in URLs and SOQL may be given with 15). */
export function normaliseId(text: string): string {
  return text.length === 15 ? toEighteen(text) : text;
}
