export interface Instance {
  name: string;
  url: string;
  port: number;
  pid: number;
  logs: string[];
  exit: Promise<{ code: number | null; signal: string | null }>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}
export function migrateAndSeedDatabase(databaseUrl: string): void;
export function startInstance(options: { port: number; databaseUrl: string; env?: Record<string, string>; name?: string; timeoutMs?: number }): Promise<Instance>;
