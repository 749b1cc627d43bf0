/**
 * A real MTA for tests and bench:probe: a private Postfix instance (Debian's `postfix` package) listening on
 * 127.0.0.1 only, with its own configuration, queue and data directories in a temporary folder
 * (the system's /etc/postfix is only read, as the template of master.cf). No DNS: peer-name
 * lookups are off, and it relays nothing. Needs root and /usr/sbin/postfix; null otherwise.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PostfixPeer {
  port: number;
  stop: () => void;
}

function postfix(configDir: string, ...args: string[]): { ok: boolean; out: string } {
  // Its log goes to its stdout (maillog_file = /dev/stdout), which must be a file, not a pipe
  // (`postfix start` fails without a word when it is a pipe): append to <dir>/postfix.log.
  const logFile = path.join(configDir, "..", "postfix.log");
  const fd = openSync(logFile, "a");
  const r = spawnSync("/usr/sbin/postfix", ["-c", configDir, ...args], { stdio: ["ignore", fd, fd], timeout: 30_000 });
  closeSync(fd);
  return { ok: r.status === 0, out: readFileSync(logFile, "utf8") };
}

async function listening(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export async function startPostfix(port: number): Promise<PostfixPeer | { unavailable: string }> {
  if (!existsSync("/usr/sbin/postfix") || !existsSync("/etc/postfix/master.cf")) return { unavailable: "Postfix is not installed (apt-get install postfix)" };
  if (process.getuid?.() !== 0) return { unavailable: "starting a Postfix instance needs root" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "relaydesk-postfix-"));
  chmodSync(dir, 0o755); // Postfix daemons (user postfix) must reach their directories
  const etc = path.join(dir, "etc");
  for (const d of [etc, path.join(dir, "queue"), path.join(dir, "data")]) mkdirSync(d);
  spawnSync("chown", ["postfix", path.join(dir, "data")]);
  writeFileSync(
    path.join(etc, "main.cf"),
    [
      "compatibility_level = 3.6",
      `queue_directory = ${path.join(dir, "queue")}`,
      `data_directory = ${path.join(dir, "data")}`,
      "command_directory = /usr/sbin",
      "daemon_directory = /usr/lib/postfix/sbin",
      "meta_directory = /etc/postfix",
      "shlib_directory = /usr/lib/postfix",
      "mail_owner = postfix",
      "setgid_group = postdrop",
      "inet_interfaces = 127.0.0.1",
      "inet_protocols = ipv4",
      "myhostname = bench.relaydesk.invalid",
      "mydomain = relaydesk.invalid",
      "mydestination =",
      "relay_domains =",
      "mynetworks = 127.0.0.0/8",
      "smtpd_banner = $myhostname ESMTP",
      "smtpd_peername_lookup = no",
      "smtp_dns_support_level = disabled",
      // every RCPT makes cleanup open a queue file, which takes a token from the master's flow
      // pipe; the queue manager puts tokens back only as it moves mail, and probes never send
      // any, so after a few hundred sessions cleanup would pause in_flow_delay (1 s) on each
      "in_flow_delay = 0s",
      // Postfix accepts a log file only under maillog_file_prefixes (/var, /dev/stdout)
      "maillog_file = /dev/stdout",
      "",
    ].join("\n"),
  );
  // the system's services, with the public smtp listener moved to 127.0.0.1:PORT
  const master = readFileSync("/etc/postfix/master.cf", "utf8").replace(/^smtp(\s+)inet/m, `127.0.0.1:${port}$1inet`);
  writeFileSync(path.join(etc, "master.cf"), master);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const started = postfix(etc, "start");
  if (!started.ok || !(await listening(port, 10_000))) {
    postfix(etc, "abort");
    if (!process.env.BENCH_KEEP_POSTFIX_DIR) cleanup();
    return { unavailable: `postfix start failed: ${started.out.trim().split("\n").slice(-3).join(" | ")}` };
  }
  return {
    port,
    stop: () => {
      postfix(etc, "stop");
      cleanup();
    },
  };
}
