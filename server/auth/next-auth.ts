/**
 * next-auth configuration for the vendor console: email + password (argon2) with JWT sessions.
 * The JWT only carries the user id; organization and role are read from the database on every
 * request so a removed member loses access at once.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { runtimeConfig } from "@/server/env";
import { isAppError } from "@/server/errors";
import { authenticate } from "@/server/modules/auth/sign-in.service";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || "unknown";
}

export function authOptions(): NextAuthOptions {
  const config = runtimeConfig();
  return {
    secret: config.sessionSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            return await authenticate(
              { email: credentials?.email ?? "", password: credentials?.password ?? "", ip: clientAddress(req?.headers) },
              config.login,
            );
          } catch (error) {
            // next-auth hands this message to the sign-in form.
            if (isAppError(error)) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}
