import { createSign, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/**
 * Alexa's side of request signing, made here because Amazon's real signing key and certificate
 * cannot be: a test root CA and a leaf certificate with SAN echo-api.amazon.com (or not, or
 * expired), each served at an https://s3.amazonaws.com/echo.api/... URL, and a Signature-256 over
 * the raw body with the leaf's key — exactly what the verifier checks on a real request.
 */
export interface TestCertificate {
  /** Leaf then root, PEM: what Amazon serves at SignatureCertChainUrl. */
  chainPem: string;
  privateKeyPem: string;
}

export interface TestPki {
  rootPem: string;
  issue(options?: { san?: string; notBefore?: Date; notAfter?: Date }): TestCertificate;
}

const DAY = 24 * 3600 * 1000;

function newCertificate(
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  serial: string,
  notBefore: Date,
  notAfter: Date,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}

export function createTestPki(): TestPki {
  // 2048-bit keys via node:crypto (forge's own generator is slow in pure JS).
  const rootKeys = rsaKeyPair();
  const rootName = [{ name: 'commonName', value: 'Profile Keeper Test Root CA' }];
  const root = newCertificate(
    rootKeys.publicKey,
    rootName,
    rootName,
    '01',
    new Date(Date.now() - DAY),
    new Date(Date.now() + 365 * DAY),
  );
  root.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  root.sign(rootKeys.privateKey, forge.md.sha256.create());
  const rootPem = forge.pki.certificateToPem(root);
  let serial = 2;

  return {
    rootPem,
    issue({
      san = 'echo-api.amazon.com',
      notBefore = new Date(Date.now() - DAY),
      notAfter = new Date(Date.now() + 30 * DAY),
    } = {}) {
      const keys = rsaKeyPair();
      const leaf = newCertificate(
        keys.publicKey,
        [{ name: 'commonName', value: san }],
        rootName,
        (serial++).toString(16).padStart(2, '0'),
        notBefore,
        notAfter,
      );
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: san }] },
      ]);
      leaf.sign(rootKeys.privateKey, forge.md.sha256.create());
      return {
        chainPem: forge.pki.certificateToPem(leaf) + rootPem,
        privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey),
      };
    },
  };
}

function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
  };
}

/** Signature-256: base64 RSA-SHA256 over the exact body bytes, as Alexa sends it. */
export function signBody(body: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(body, 'utf8').sign(privateKeyPem, 'base64');
}
