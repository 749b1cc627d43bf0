#!/usr/bin/env node
// The console's HTTP server: Next's request handler behind node:http, run instead of `next start`
// so the application learns the address of the TCP peer. `next start` passes only the
// X-Forwarded-For a client sent (it fills it in with the peer's address only when absent), so a
// client could name any address it liked for the per-IP limits and the audit log. This server
// puts the socket's peer address in x-relaydesk-peer, replacing whatever a client sent under that
// name; lib/http/client-address.ts trusts X-Forwarded-For only from RELAYDESK_TRUSTED_PROXIES.
//   node scripts/serve.mjs -p PORT [-H HOSTNAME]
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const port = Number(option("-p") ?? process.env.PORT ?? 3000);
const hostname = option("-H");
process.env.NODE_ENV = "production";

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const PEER_HEADER = "x-relaydesk-peer";
const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((error) => {
    console.error("relaydesk: request failed", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`relaydesk: ready on http://${hostname ?? "localhost"}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    // open keep-alive connections and running checks do not hold the exit up
    setTimeout(() => process.exit(0), 100).unref();
    app.close?.().finally(() => process.exit(0));
  });
}
