/** Server side: who this console instance is, for leases, live-check runs and logs. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

const KEY = Symbol.for("relaydesk.instanceId");
const holder = globalThis as unknown as Record<symbol, string | undefined>;

/** Host name, process id and a random part: unique per process, readable in logs and tables. */
export function instanceId(): string {
  holder[KEY] ??= `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return holder[KEY];
}
