#!/usr/bin/env node
// The Node floor for bench:probe: a bare raw-socket SMTP client (banner, EHLO, QUIT) with no
// dependencies, so a whole-process run of it is what starting Node and talking SMTP costs.
// Usage: node bench/lib/bare-smtp-client.mjs HOST PORT
import net from "node:net";

const [host = "127.0.0.1", port = "25"] = process.argv.slice(2);
const socket = net.connect({ host, port: Number(port) });
const commands = ["EHLO relaydesk.invalid", "QUIT"];
let buffer = "";
const timer = setTimeout(() => {
  console.error("bare client: no answer within 5 s");
  process.exit(1);
}, 5000);
socket.setEncoding("latin1");
socket.on("data", (chunk) => {
  buffer += chunk;
  let i;
  while ((i = buffer.indexOf("\n")) !== -1) {
    const line = buffer.slice(0, i).replace(/\r$/, "");
    buffer = buffer.slice(i + 1);
    process.stdout.write(`S: ${line}\n`);
    // a reply ends with a line "NNN " (not "NNN-")
    if (/^\d{3} /.test(line) && commands.length > 0) {
      const command = commands.shift();
      process.stdout.write(`C: ${command}\n`);
      socket.write(`${command}\r\n`);
    }
  }
});
socket.on("error", (err) => {
  console.error(`bare client: ${err.message}`);
  process.exit(1);
});
socket.on("close", () => clearTimeout(timer));
