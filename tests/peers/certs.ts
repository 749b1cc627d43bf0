/**
 * Test PKI built with node-forge: one CA and four leaf certificates covering
 * the TLS outcomes a probe must tell apart (trusted, self-signed, expired,
 * name mismatch).
 *
 * RSA key generation is the slow part, so exactly two 2048-bit keys are made
 * per process (one for the CA, one shared by all leaves) and the result is
 * cached. The keys come from node:crypto (OpenSSL, milliseconds) rather than
 * forge's pure-JS generator (seconds); forge builds and signs the certificates.
 */
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import type { CertificateChoice, KeyCert, TestCertificates } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_NAMES = [
  { type: 2, value: "localhost" },
  { type: 7, ip: "127.0.0.1" },
  { type: 7, ip: "::1" },
];

let cached: TestCertificates | undefined;

export function createTestCertificates(): TestCertificates {
  cached ??= build();
  return cached;
}

/** The key/cert pair a peer presents for a given `certificate` option. */
export function keyCertFor(choice: CertificateChoice = "valid"): KeyCert {
  const certs = createTestCertificates();
  switch (choice) {
    case "valid":
      return certs.valid;
    case "self-signed":
      return certs.selfSigned;
    case "expired":
      return certs.expired;
    case "wrong-name":
      return certs.wrongName;
  }
}

function rsaKeyPair(): forge.pki.rsa.KeyPair {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

let serialCounter = 0;
function nextSerial(): string {
  // positive, unique within the process; a random prefix keeps runs distinct
  serialCounter += 1;
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}${serialCounter.toString(16).padStart(4, "0")}`;
}

interface LeafSpec {
  commonName: string;
  altNames: object[];
  notBefore: Date;
  notAfter: Date;
}

function build(): TestCertificates {
  const now = Date.now();
  const caKeys = rsaKeyPair();
  const leafKeys = rsaKeyPair();

  const caName = [
    { name: "commonName", value: "RelayDesk Test CA" },
    { name: "organizationName", value: "RelayDesk tests" },
  ];
  const ca = forge.pki.createCertificate();
  ca.serialNumber = nextSerial();
  ca.publicKey = caKeys.publicKey;
  ca.validity.notBefore = new Date(now - DAY_MS);
  ca.validity.notAfter = new Date(now + 3650 * DAY_MS);
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const caKeyId = ca.generateSubjectKeyIdentifier().getBytes();

  const leafKeyPem = forge.pki.privateKeyToPem(leafKeys.privateKey);

  const leaf = (spec: LeafSpec, signer: "ca" | "self"): KeyCert => {
    const cert = forge.pki.createCertificate();
    cert.serialNumber = nextSerial();
    cert.publicKey = leafKeys.publicKey;
    cert.validity.notBefore = spec.notBefore;
    cert.validity.notAfter = spec.notAfter;
    const subject = [
      { name: "commonName", value: spec.commonName },
      { name: "organizationName", value: "RelayDesk tests" },
    ];
    cert.setSubject(subject);
    cert.setIssuer(signer === "ca" ? caName : subject);
    cert.setExtensions([
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: spec.altNames },
      { name: "subjectKeyIdentifier" },
      ...(signer === "ca" ? [{ name: "authorityKeyIdentifier", keyIdentifier: caKeyId }] : []),
    ]);
    cert.sign(signer === "ca" ? caKeys.privateKey : leafKeys.privateKey, forge.md.sha256.create());
    return { key: leafKeyPem, cert: forge.pki.certificateToPem(cert) };
  };

  const current = { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 825 * DAY_MS) };
  return {
    caPem: forge.pki.certificateToPem(ca),
    valid: leaf({ commonName: "localhost", altNames: LOCAL_NAMES, ...current }, "ca"),
    selfSigned: leaf({ commonName: "localhost", altNames: LOCAL_NAMES, ...current }, "self"),
    expired: leaf(
      {
        commonName: "localhost",
        altNames: LOCAL_NAMES,
        notBefore: new Date(now - 400 * DAY_MS),
        notAfter: new Date(now - 30 * DAY_MS),
      },
      "ca",
    ),
    wrongName: leaf(
      {
        commonName: "wrong-name.relaydesk-test.invalid",
        altNames: [{ type: 2, value: "wrong-name.relaydesk-test.invalid" }],
        ...current,
      },
      "ca",
    ),
  };
}
