/**
 * The frame waits for the embedding page's SDK to send a token. When none has come after a few
 * seconds, it says what is missing instead of a page whose requests wait for good: a page opened
 * on its own, messages from a page of another origin than `parentOrigin`, or a parent that sends
 * nothing.
 * A token arriving later still signs in.
 */
export const SIGN_IN_PATIENCE_MS = 5_000;

export function missingSignInReason(parentOrigin: string, seen: { framed: boolean; strangerOrigin: string | null }): string {
  if (!seen.framed) {
    return `This page was opened on its own. It signs in only inside the frame the Switchyard SDK creates on ${parentOrigin}, which hands it the token your server signs.`;
  }
  if (seen.strangerOrigin) {
    return `A page on ${seen.strangerOrigin} talks to this frame, but the frame was opened for ${parentOrigin} (its parentOrigin) and accepts messages from that origin only. Open the integrations through the SDK on ${parentOrigin}.`;
  }
  return `The page on ${parentOrigin} has not sent a sign-in token after ${SIGN_IN_PATIENCE_MS / 1000} seconds. Its Switchyard SDK sends the token your server signs for the customer: check that it is given one (authenticate or getToken), and look for errors in the browser console.`;
}
