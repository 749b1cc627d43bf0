import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Shared by the HTTP benchmarks: serve the production build and wait until it answers. */

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not come up at ${url}`);
}

/** The console server (scripts/serve.mjs) on 127.0.0.1:port with the given environment, resolved once /api/health answers. */
export async function startAppServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.join(process.cwd(), "scripts/serve.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: "ignore",
  });
  try {
    await waitForServer(`http://127.0.0.1:${port}/api/health`, 60_000);
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
  return server;
}
