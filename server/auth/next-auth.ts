/**
 * next-auth configuration for the vendor console: email + password (argon2) with JWT sessions.
 * The JWT only carries the user id; organization and role are read from the database on every
 * request so a removed member loses access at once.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { runtimeConfig } from "@/server/env";
import { isAppError } from "@/server/errors";
import { clientAddress } from "@/server/http/client-headers";
import { DEVICE_COOKIE_PATH, DEVICE_TOKEN_MAX_AGE_SECONDS, deviceCookieName, isDeviceToken, issueDeviceToken } from "@/server/modules/auth/known-device";
import { authenticate } from "@/server/modules/auth/sign-in.service";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * The sign-in limiter's two facts about a request: the client's address (from the web server's
 * front door) and, per account, whether this browser signed in to it before (its device cookie).
 */
async function signInContext(headers: Record<string, string | string[] | undefined> | undefined, secret: string) {
  const jar = await cookies();
  return {
    ip: clientAddress(headers),
    isKnownDevice: (userId: string) => isDeviceToken(jar.get(deviceCookieName(userId, secret))?.value, userId, secret),
    rememberDevice: (userId: string, secure: boolean) =>
      jar.set(deviceCookieName(userId, secret), issueDeviceToken(userId, secret), {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: DEVICE_COOKIE_PATH,
        maxAge: DEVICE_TOKEN_MAX_AGE_SECONDS,
      }),
  };
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
            const context = await signInContext(req?.headers, config.sessionSecret);
            const user = await authenticate(
              { email: credentials?.email ?? "", password: credentials?.password ?? "", ip: context.ip, isKnownDevice: context.isKnownDevice },
              config.login,
            );
            context.rememberDevice(user.id, config.publicUrl.startsWith("https:"));
            return user;
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
