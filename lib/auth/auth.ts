import "server-only";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { getAuthSecret } from "@/lib/config/secrets";
import { requestMetaFrom } from "@/lib/api/request-context";
import { authenticate, ensureOwnTeam, recordSignIn } from "@/lib/portal/accounts";
import { authConfig } from "./auth.config";
import { sessionJwt } from "./session-token";

class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

// Lazy: the secret file and the database are touched on first use, not when `next build`
// imports this module.
export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const config = getConfig();
  const db = await getDb();
  return {
    ...authConfig,
    callbacks: {
      ...authConfig.callbacks,
      jwt: sessionJwt,
    },
    secret: getAuthSecret(),
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    } as never),
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          // Also reached by a POST straight to /api/auth/callback/credentials, past the sign-in
          // form: the same throttles apply, with the address read as everywhere else.
          const result = await authenticate(
            { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
            requestMetaFrom(request.headers),
          );
          if (!result.ok) throw new LoginRefused(result.reason);
          return result.user;
        },
      }),
      ...(config.github ? [GitHub({ clientId: config.github.clientId, clientSecret: config.github.clientSecret })] : []),
    ],
    events: {
      async createUser({ user }) {
        if (user.id) await ensureOwnTeam(user.id);
      },
      async signIn({ user, account }) {
        if (user.id) await recordSignIn(user.id, account?.provider ?? "credentials", await signInRequestMeta());
      },
    },
  };
});

/** Where a sign-in came from, for the audit history; nothing when called outside a request. */
async function signInRequestMeta(): Promise<{ ip?: string; userAgent?: string } | undefined> {
  try {
    const h = await headers();
    return { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h.get("x-real-ip") ?? undefined, userAgent: h.get("user-agent") ?? undefined };
  } catch {
    return undefined;
  }
}

export function githubEnabled(): boolean {
  return Boolean(getConfig().github);
}
