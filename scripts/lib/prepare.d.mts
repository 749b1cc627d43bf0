export const root: string;
export function bin(name: string): string;
export function run(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv): void;
export function prepareLocked<T>(what: string, fn: () => T): T;
export function prismaCliEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function migrateAndSeed(env?: NodeJS.ProcessEnv): void;
export function buildIfStale(env?: NodeJS.ProcessEnv): void;
export function serve(port: string | number, env?: NodeJS.ProcessEnv, hostname?: string): void;
