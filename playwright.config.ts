import { defineConfig, devices } from "@playwright/test";
import { OIDC_CLIENT, OIDC_GROUP_ROLES, OIDC_PORT, STAFF, storageStateFor } from "./e2e/fixtures/staff";

const port = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://127.0.0.1:${port}`;

// Playwright cannot download its own browser here; use the system Chromium (Debian package).
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  // Specs run signed in as the admin unless they say otherwise (test.use({ storageState })).
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure", storageState: storageStateFor("admin") },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    // The diagnosis e2e probes emulator peers it starts on loopback ephemeral ports.
    env: {
      E2E_PORT: String(port),
      RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8,::1/128",
      RELAYDESK_PROBE_PORTS: "any",
      // the first-run bootstrap for automated deployments: the admin is created at start
      RELAYDESK_ADMIN_EMAIL: STAFF.admin.email,
      RELAYDESK_ADMIN_NAME: STAFF.admin.name,
      RELAYDESK_ADMIN_PASSWORD: STAFF.admin.password,
      // company SSO against the loopback test IdP the SSO spec starts (e2e/helpers/oidc-idp.ts)
      RELAYDESK_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      RELAYDESK_OIDC_CLIENT_ID: OIDC_CLIENT.id,
      RELAYDESK_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      RELAYDESK_OIDC_GROUP_ROLES: OIDC_GROUP_ROLES,
      // the specs run many checks of one loopback host within a minute; e2e/limits.spec.ts tests the limits
      RELAYDESK_LIMIT_CHECKS_PER_USER: "1000",
      RELAYDESK_LIMIT_CHECKS_PER_TARGET: "1000",
      RELAYDESK_LIMIT_SIGNIN_PER_IP: "1000",
      RELAYDESK_LIMIT_SIGNIN_PER_ACCOUNT: "1000",
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
