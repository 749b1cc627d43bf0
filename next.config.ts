import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The probe engine and test peers are server-only Node code; nothing to configure for Prisma
  // (Next 16 already treats better-sqlite3 and @prisma/client as server externals).
};

export default nextConfig;
