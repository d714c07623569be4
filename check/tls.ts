/**
 * TLS handshakes for `iotvpc-check`, with Node's own `tls`: SNI is the host name devices use, the chain
 * is verified against the given CAs, the certificate must cover the host name, and the ALPN offered must
 * be selected. Every handshake is bounded by the timeout.
 */
import * as tls from "tls";

import { TlsOutcome } from "./types";

/** One handshake to make. */
export interface TlsTarget {
    /** Host name: SNI and the name the certificate must cover. */
    readonly host: string;
    /** Where to connect (a record IP, or its stand-in). */
    readonly address: string;
    readonly port: number;
    readonly alpn?: string;
    /** Trusted CAs (PEM); `undefined` for Node's default CA store. */
    readonly ca?: readonly string[];
    /** The device certificate and key, presented as a device does. */
    readonly clientCert?: { readonly cert: string; readonly key: string };
    readonly timeoutMs: number;
}

/** TLS 1.3 servers judge the client certificate after the client's handshake ends: wait this long for their verdict. */
const CLIENT_CERT_VERDICT_MS = 300;

/** The connect options shared by the probe and the MQTT check. */
export function tlsConnectOptions(t: TlsTarget): tls.ConnectionOptions {
    return {
        host: t.address,
        port: t.port,
        servername: t.host,
        ...(t.ca ? { ca: [...t.ca] } : {}),
        ...(t.alpn ? { ALPNProtocols: [t.alpn] } : {}),
        ...(t.clientCert ? { cert: t.clientCert.cert, key: t.clientCert.key } : {}),
        minVersion: "TLSv1.2",
    };
}

function describe(cert: tls.PeerCertificate | undefined): TlsOutcome["peer"] {
    if (!cert || Object.keys(cert).length === 0) {
        return undefined;
    }
    const name = (x: tls.Certificate | undefined) => (x?.CN ? `CN=${String(x.CN)}` : Object.entries(x ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(", "));
    return { subject: name(cert.subject), altNames: cert.subjectaltname ?? "", issuer: name(cert.issuer), validTo: cert.valid_to };
}

/** One TLS handshake; never rejects. */
export function probeTls(t: TlsTarget): Promise<TlsOutcome> {
    return new Promise((resolve) => {
        const started = Date.now();
        let connectedAt: number | undefined;
        let settled = false;
        let outcome: Omit<TlsOutcome, "clientCertPresented"> | undefined;
        const socket = tls.connect({
            ...tlsConnectOptions(t),
            // Verified below, so a failed check still reports the certificate it saw.
            rejectUnauthorized: false,
            checkServerIdentity: () => undefined,
        });
        const finish = (o: Omit<TlsOutcome, "clientCertPresented">) => {
            if (settled) {
                return;
            }
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve({ ...o, clientCertPresented: t.clientCert !== undefined });
        };
        const timer = setTimeout(() => {
            if (outcome) {
                finish(outcome); // the handshake finished; no alert came: the certificate was accepted
            } else {
                finish({ stage: connectedAt === undefined ? "tcp" : "tls", timedOut: true, errorCode: "ETIMEDOUT", tcpMs: connectedAt !== undefined ? connectedAt - started : undefined });
            }
        }, t.timeoutMs);
        socket.once("connect", () => {
            connectedAt = Date.now();
        });
        socket.once("secureConnect", () => {
            const now = Date.now();
            const peer = socket.getPeerCertificate(false);
            const nameError = peer && Object.keys(peer).length > 0 ? tls.checkServerIdentity(t.host, peer) : new Error("no certificate");
            outcome = {
                stage: "done",
                timedOut: false,
                tcpMs: (connectedAt ?? now) - started,
                handshakeMs: now - (connectedAt ?? started),
                protocol: socket.getProtocol() ?? undefined,
                alpn: socket.alpnProtocol || "",
                ...(socket.authorized ? {} : { chainError: String(socket.authorizationError) }),
                ...(nameError ? { nameError: nameError.message } : {}),
                peer: describe(peer),
            };
            if (t.clientCert && socket.getProtocol() === "TLSv1.3") {
                // The server judges the certificate after this point: a session ticket means accepted; an alert
                // or the server closing the connection means refused; silence (no ticket) counts as accepted.
                clearTimeout(timer);
                const verdict = setTimeout(() => finish(outcome!), Math.min(CLIENT_CERT_VERDICT_MS, t.timeoutMs));
                socket.once("session", () => {
                    clearTimeout(verdict);
                    finish(outcome!);
                });
                socket.once("end", () => {
                    clearTimeout(verdict);
                    finish({ ...outcome!, clientCertRejected: "the server closed the connection right after the handshake" });
                });
                socket.once("close", () => clearTimeout(verdict));
            } else {
                finish(outcome);
            }
        });
        socket.on("error", (e: NodeJS.ErrnoException) => {
            if (outcome) {
                clearTimeout(timer);
                finish({ ...outcome, clientCertRejected: e.code ?? e.message });
                return;
            }
            finish({
                stage: connectedAt === undefined ? "tcp" : "tls",
                timedOut: false,
                errorCode: e.code,
                errorMessage: e.message,
                tcpMs: connectedAt !== undefined ? connectedAt - started : undefined,
            });
        });
        socket.once("close", () => {
            if (outcome) {
                finish(outcome);
            } else {
                finish({ stage: connectedAt === undefined ? "tcp" : "tls", timedOut: false, errorCode: "ECONNRESET", errorMessage: "the server closed the connection during the handshake" });
            }
        });
    });
}
