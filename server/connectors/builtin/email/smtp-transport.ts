/**
 * One SMTP connection per send, to an address the network policy approved (TLS still checks the
 * certificate against the host name). Failures become the flow runtime's errors: a refused login
 * or a permanent (5xx) answer is not retried, a dropped connection or a 4xx answer is.
 */
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

import { checkHostDestination, type HostLookup, type NetworkPolicy } from "@/server/connectors/http/network-policy";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import type { SmtpCredentials } from "./smtp-credentials";

export interface SentMessage {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

function smtpError(error: unknown, host: string): Error {
  const raw = error as { code?: string; command?: string; responseCode?: number; response?: string; message?: string };
  const answer = raw.response ?? raw.message ?? String(error);
  if (raw.command === "STARTTLS" || (raw.code === "ETLS" && /STARTTLS/i.test(answer))) {
    return new NonRetryableError(
      `SMTP ${host} does not offer STARTTLS, which the connection requires: use security "tls" (port 465), or "none" for an internal relay only`,
    );
  }
  if (raw.code === "EAUTH")
    return new NonRetryableError(`SMTP login refused by ${host}: check the username and password`, { errorName: "Switchyard.AuthFailed" });
  if (raw.code === "EENVELOPE") return new NonRetryableError(`SMTP ${host} refused the recipients: ${answer}`);
  if (typeof raw.responseCode === "number") {
    if (raw.responseCode >= 500) return new NonRetryableError(`SMTP ${host} refused the message (${raw.responseCode}): ${answer}`);
    return new RetryableError(`SMTP ${host} deferred the message (${raw.responseCode}): ${answer}`);
  }
  if (raw.code === "ETLS") return new NonRetryableError(`SMTP ${host}: TLS failed: ${answer}`);
  return new RetryableError(`SMTP ${host}: ${answer}`);
}

interface TransportOptions {
  network: NetworkPolicy;
  signal: AbortSignal;
  lookup?: HostLookup;
}

/** Opens a connection to an approved address, runs `work`, closes; failures in the flow runtime's terms. */
async function withTransport<T>(credentials: SmtpCredentials, options: TransportOptions, work: (transport: nodemailer.Transporter) => Promise<T>): Promise<T> {
  const [address] = await checkHostDestination(credentials.host, credentials.port, options.network, options.lookup);
  const transport = nodemailer.createTransport({
    host: address!.address,
    port: credentials.port,
    secure: credentials.security === "tls",
    requireTLS: credentials.security === "starttls",
    ignoreTLS: credentials.security === "none",
    // Certificates are checked against the name the customer gave, not the address we dialled.
    tls: { servername: credentials.host },
    name: "switchyard",
    ...(credentials.username !== undefined ? { auth: { user: credentials.username, pass: credentials.password ?? "" } } : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  const abort = () => transport.close();
  options.signal.addEventListener("abort", abort, { once: true });
  try {
    return await work(transport);
  } catch (error) {
    throw smtpError(error, credentials.host);
  } finally {
    options.signal.removeEventListener("abort", abort);
    transport.close();
  }
}

export function sendSmtpMessage(credentials: SmtpCredentials, message: Mail.Options, options: TransportOptions): Promise<SentMessage> {
  return withTransport(credentials, options, async (transport) => {
    const info = (await transport.sendMail(message)) as { messageId: string; accepted: Array<string | Mail.Address>; rejected: Array<string | Mail.Address> };
    return {
      messageId: info.messageId,
      accepted: info.accepted.map((entry) => (typeof entry === "string" ? entry : entry.address)),
      rejected: info.rejected.map((entry) => (typeof entry === "string" ? entry : entry.address)),
    };
  });
}

/** Connects and logs in without sending anything: the check a new connection gets when it is saved. */
export async function verifySmtpLogin(credentials: SmtpCredentials, options: TransportOptions): Promise<void> {
  await withTransport(credentials, options, (transport) => transport.verify());
}
