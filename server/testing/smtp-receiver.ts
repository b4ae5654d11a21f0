/**
 * An SMTP server for tests (the `smtp-server` package) on a free loopback port. It accepts any
 * login, keeps every message it receives, and reads them with a small MIME reader: enough for
 * the messages nodemailer writes (multipart, base64 or quoted-printable parts, attachments), not
 * a general-purpose mail parser.
 */
import { SMTPServer } from "smtp-server";

import { freePort } from "./free-port";

export interface ReceivedPart {
  headers: Record<string, string>;
  contentType: string;
  filename?: string;
  content: Buffer;
}

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The login the sender used, if any. */
  user?: string;
  headers: Record<string, string>;
  subject: string;
  text?: string;
  html?: string;
  attachments: ReceivedPart[];
  raw: string;
}

export interface SmtpReceiver {
  host: "127.0.0.1";
  port: number;
  messages: ReceivedMessage[];
  /** The allow-list entry that lets flows reach this receiver. */
  allow: string;
  stop(): Promise<void>;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace.
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parameter(header: string | undefined, name: string): string | undefined {
  const match = new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, "i").exec(header ?? "");
  return match ? (match[2] ?? match[1]) : undefined;
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64");
    case "quoted-printable":
      return Buffer.from(
        body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        "latin1",
      );
    default:
      return Buffer.from(body, "utf8");
  }
}

/** Encoded words in headers (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
    kind.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

function splitEntity(entity: string): { headers: Record<string, string>; body: string } {
  const separator = /\r?\n\r?\n/.exec(entity);
  if (!separator) return { headers: parseHeaders(entity), body: "" };
  return { headers: parseHeaders(entity.slice(0, separator.index)), body: entity.slice(separator.index + separator[0].length) };
}

function leafParts(entity: string): ReceivedPart[] {
  const { headers, body } = splitEntity(entity);
  const contentType = headers["content-type"] ?? "text/plain";
  if (/^multipart\//i.test(contentType)) {
    const boundary = parameter(contentType, "boundary");
    if (!boundary) return [];
    const sections = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?\\n?`));
    // The preamble before the first boundary and the epilogue after the last are not parts.
    return sections.slice(1, -1).flatMap(leafParts);
  }
  const disposition = headers["content-disposition"];
  const filename = parameter(disposition, "filename") ?? parameter(contentType, "name");
  return [
    {
      headers,
      contentType: contentType.split(";")[0]!.trim().toLowerCase(),
      ...(filename ? { filename: decodeWords(filename) } : {}),
      content: decodeBody(body, headers["content-transfer-encoding"]),
    },
  ];
}

export function parseMessage(raw: string, envelope: ReceivedMessage["envelope"], user?: string): ReceivedMessage {
  const { headers } = splitEntity(raw);
  const parts = leafParts(raw);
  const isAttachment = (part: ReceivedPart) => part.filename !== undefined || /^attachment/i.test(part.headers["content-disposition"] ?? "");
  const text = parts.find((part) => !isAttachment(part) && part.contentType === "text/plain");
  const html = parts.find((part) => !isAttachment(part) && part.contentType === "text/html");
  return {
    envelope,
    ...(user ? { user } : {}),
    headers,
    subject: decodeWords(headers.subject ?? ""),
    ...(text ? { text: text.content.toString("utf8") } : {}),
    ...(html ? { html: html.content.toString("utf8") } : {}),
    attachments: parts.filter(isAttachment),
    raw,
  };
}

export async function startSmtpReceiver(options: { username?: string; password?: string } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMessage[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: options.username === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.username !== undefined && (auth.username !== options.username || auth.password !== options.password)) {
        return callback(new Error("Invalid username or password"));
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        messages.push(parseMessage(Buffer.concat(chunks).toString("utf8"), envelope, typeof session.user === "string" ? session.user : undefined));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    host: "127.0.0.1",
    port,
    messages,
    allow: `127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
