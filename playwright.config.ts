import { defineConfig, devices } from "@playwright/test";

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
  use: { baseURL, trace: "retain-on-failure" },
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
    url: `${baseURL}/api/articles`,
    reuseExistingServer: false,
    timeout: 180_000,
    // The diagnosis e2e probes emulator peers it starts on loopback ephemeral ports.
    env: { E2E_PORT: String(port), RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8,::1/128", RELAYDESK_PROBE_PORTS: "any" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
