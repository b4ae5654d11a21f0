/**
 * What the frame says when it cannot show its page, in plain code: the React pages' shell
 * (embed-shell.tsx) and the marketplace page's script (marketplace/marketplace-frame.ts) say the same.
 */
export const NOT_FRAMED_SCREEN = {
  title: "This page works inside an app",
  message: "Open the integrations from the product that embeds them (its Switchyard SDK passes the parentOrigin this page needs).",
};

export const STALLED_SCREEN = { testId: "embed-sign-in-missing", title: "Still waiting to be signed in" };

export const SESSION_EXPIRED_MESSAGE = "The session has expired. Authenticate again.";

/** The screen for a refused or failed sign-in, by the protocol's error code. */
export function failureScreen(code: string): { testId: string; title: string } {
  if (code === "unauthorized") return { testId: "not-authorized", title: "You are not signed in to the integrations" };
  if (code === "forbidden_origin") return { testId: `embed-error-${code}`, title: "This site may not show the integrations" };
  return { testId: `embed-error-${code}`, title: "The integrations could not load" };
}
