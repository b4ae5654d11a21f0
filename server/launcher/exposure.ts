/**
 * What `npm start` prints about who can reach what, before it says it is ready: the address the
 * web server listens on, whether the sandbox (and its demo vendor page, which signs visitors in to
 * the demo organization) is on and for whom, and a plain-http PUBLIC_URL on the network.
 */
import { isLoopbackUrl, type Env, type RuntimeConfig } from "@/server/env";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

export function describeExposure(e: Pick<Env, "HOST" | "PORT">, config: Pick<RuntimeConfig, "publicUrl" | "sandboxEnabled" | "sandboxLocalOnly">): string[] {
  const lines: string[] = [];
  if (LOOPBACK_HOSTS.has(e.HOST)) {
    lines.push(`Listening on ${e.HOST}:${e.PORT}: reachable from this machine only (HOST).`);
  } else {
    lines.push(
      `Listening on ${e.HOST === "0.0.0.0" || e.HOST === "::" ? "all interfaces" : e.HOST}, port ${e.PORT}: other machines that can reach this one can open it (HOST=127.0.0.1 keeps it to this machine).`,
    );
  }
  if (!config.sandboxEnabled) {
    lines.push("Sandbox: off.");
  } else if (config.sandboxLocalOnly) {
    lines.push(
      "Sandbox: on for this machine only. /sandbox (simulated GitHub, Zendesk and Slack) and the demo vendor page /sandbox/vendor, which signs its visitors in to the demo organization's marketplace, answer browsers on this machine and 404 to everyone else. SANDBOX_ENABLED=false turns it off.",
    );
  } else {
    lines.push(
      `Sandbox: ON FOR ANYONE who can reach ${config.publicUrl}: /sandbox/vendor signs every visitor in to the demo organization's marketplace as its demo customer, who can connect accounts and activate integrations. Keep SANDBOX_ENABLED=true for demo servers.`,
    );
  }
  if (config.publicUrl.startsWith("http:") && !isLoopbackUrl(config.publicUrl)) {
    lines.push(
      `PUBLIC_URL ${config.publicUrl} is plain http: sign-ins, sessions and the credentials customers type in cross the network unencrypted. Serve Switchyard over https (the production checklist in README.md).`,
    );
  }
  return lines;
}
