/**
 * Server side: one structured log line per HTTP request (method, path, status, duration), from
 * `next start`'s own HTTP server. Next has no request hook for this, so the server's "request"
 * event is observed at its source (http.Server.prototype.emit), once per process. The query
 * string is left out (it may carry pasted text).
 */
import http from "node:http";
import { logEvent } from "./log";

const KEY = Symbol.for("relaydesk.requestLog");

export function installRequestLog(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[KEY]) return;
  proto[KEY] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const started = performance.now();
      res.once("close", () => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        logEvent(res.statusCode >= 500 ? "error" : "info", "request", {
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(performance.now() - started),
          ...(res.writableFinished ? {} : { aborted: true }),
          ...(path.startsWith("/api/checks/") || path.startsWith("/d/") ? { checkId: path.split("/")[path.startsWith("/d/") ? 2 : 3] } : {}),
        });
      });
    }
    return emit.call(this, event, ...args);
  };
}
