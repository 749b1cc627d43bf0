// Preloaded (node --import) into a process under test that must never dial off this machine:
// any TCP or UDP connect to an address outside 127.0.0.0/8 and ::1 throws before a packet is
// sent, and is reported on stderr with the marker NO-DIAL so the test can fail on it.
import dgram from "node:dgram";
import net from "node:net";

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/i;

function guard(host) {
  const h = String(host ?? "").replace(/^\[|\]$/g, "");
  if (!LOOPBACK.test(h)) {
    process.stderr.write(`NO-DIAL: refused a connect to ${h}\n${new Error().stack}\n`);
    throw new Error(`NO-DIAL: refused a connect to ${h}`);
  }
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() hands over [options, callback]; a unix socket or pipe (options.path) stays local
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === "object") {
    if (first.path === undefined) guard(first.host ?? "localhost");
  } else if (typeof first === "number" || /^\d+$/.test(String(first))) guard(args[1] ?? "localhost");
  return connect.apply(this, args);
};

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  const address = args.find((a, i) => i > 0 && typeof a === "string");
  if (address !== undefined) guard(address);
  return send.apply(this, args);
};
