import type { NextConfig } from "next";
import { API_CSP, SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc (tests, scripts and benches included);
  // repeating it inside every build only slows `npm start` down.
  typescript: { ignoreBuildErrors: true },
  // Loaded from node_modules, unbundled: rate-limiter-flexible once (bundled separately into route
  // handlers and server actions, its rejection objects were not recognised across the two copies);
  // pg-boss and pg open their own connections (PostgreSQL flavour).
  serverExternalPackages: ["rate-limiter-flexible", "pg-boss", "pg", "@prisma/adapter-pg"],
  // Static security headers for every response (pages also get a per-request CSP from proxy.ts).
  async headers() {
    const base = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [
      { source: "/:path*", headers: base },
      { source: "/api/:path*", headers: [{ key: "content-security-policy", value: API_CSP }] },
    ];
  },
  experimental: {
    // forbidden() (lib/auth/require.ts) renders app/forbidden.tsx with status 403.
    authInterrupts: true,
    // Server-action bodies: the lookup action's pasted text (200,000 characters) fits; proxy.ts
    // counts a copy and refuses a larger one with 413 before the framework decodes it.
    serverActions: { bodySizeLimit: "1mb" },
    // With a proxy (proxy.ts), the framework copies every request body for it, keeping up to this
    // much twice over (10 MB by default) however large the body is. The largest body any route
    // takes is 1,000,000 bytes; a body cut at 2 MB is still over every route's limit, so it is
    // refused with 413 by the route's own counting reader (lib/http/body.ts).
    proxyClientMaxBodySize: "2mb",
  },
  // The probe engine and test peers are server-only Node code; nothing to configure for Prisma
  // (Next 16 already treats better-sqlite3 and @prisma/client as server externals).
};

export default nextConfig;
