export interface PrivateCluster {
  url: string;
  dir: string;
  port: number;
  stop(): void;
  createDatabase(name: string): string;
  psql(sql: string): void;
}
export function postgresBinDir(): string | null;
export function postgresInstalled(): boolean;
export function freePort(from?: number, to?: number): Promise<number>;
export function startPrivateCluster(options?: { prefix?: string }): Promise<PrivateCluster>;
