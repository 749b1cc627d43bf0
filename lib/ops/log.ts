/**
 * Structured logs: one JSON object per line on stdout (stderr for warn and error), with the time,
 * level, event name and this instance, so the lines of several instances can be merged and
 * searched (e.g. every line of one check by its checkId).
 */
import { instanceId } from "@/lib/scale/instance";

export type LogLevel = "info" | "warn" | "error";

export function logLine(level: LogLevel, event: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date().toISOString(), level, event, instance: instanceId(), ...fields });
}

export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (process.env.RELAYDESK_LOG === "off") return;
  const line = logLine(level, event, fields);
  if (level === "info") process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}
