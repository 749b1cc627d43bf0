/**
 * For the agent tests and the agents bench: the console's agent endpoints (the real route
 * handlers of app/api/agent/*) served by a plain node:http server on loopback, and real agents
 * started as child processes of the compiled command line (bin/relaydesk.cjs agent ...). The
 * diagnosis runs in the test's own process (lib/diagnosis/service.ts), as in the console.
 */
import http from "node:http";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import * as connectRoute from "@/app/api/agent/connect/route";
import * as heartbeatRoute from "@/app/api/agent/heartbeat/route";
import * as jobRoute from "@/app/api/agent/jobs/[id]/route";

export interface AgentConsole {
  url: string;
  close(): Promise<void>;
}

/** Serves /api/agent/connect, /api/agent/heartbeat and /api/agent/jobs/ID on 127.0.0.1. */
export async function startAgentConsole(): Promise<AgentConsole> {
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const aborted = new AbortController();
      res.on("close", () => aborted.abort());
      const init: RequestInit & { duplex?: "half" } = { method: req.method ?? "GET", headers, signal: aborted.signal };
      if (req.method === "POST") {
        init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
        init.duplex = "half";
      }
      const request = new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]);
      let response: Response;
      const job = /^\/api\/agent\/jobs\/([^/]+)$/.exec(url.pathname);
      if (url.pathname === "/api/agent/connect" && req.method === "GET") response = await connectRoute.GET(request);
      else if (url.pathname === "/api/agent/heartbeat" && req.method === "POST") response = await heartbeatRoute.POST(request);
      else if (job && req.method === "POST") response = await jobRoute.POST(request, { params: Promise.resolve({ id: job[1]! }) } as never);
      else response = new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      const reader = response.body.getReader();
      res.on("close", () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) break;
        res.write(value);
      }
      res.end();
    })().catch((error: unknown) => {
      console.error("agent console harness", error);
      res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { startAgent, type RunningAgent } from "./agent-child";
