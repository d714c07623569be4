/**
 * The MQTT check of `iotvpc-check`: a CONNECT with the device's certificate over TLS to one endpoint
 * IP (SNI and certificate name: the host name), with the keep-alive the endpoints honour, and
 * optionally one QoS 1 PUBLISH that must be acknowledged. MQTT 3.1.1 with the `mqtt` package; the TLS
 * socket is made here so its failures are told apart from MQTT's.
 */
import * as tls from "tls";

import { MqttClient } from "mqtt";

import { TlsTarget, tlsConnectOptions } from "./tls";
import { MqttOutcome } from "./types";

/** One MQTT check to make. */
export interface MqttTarget extends TlsTarget {
    readonly clientCert: { readonly cert: string; readonly key: string };
    readonly clientId: string;
    /** Seconds, at most 230 through VPC endpoints. */
    readonly keepAliveSeconds: number;
    readonly publishTopic?: string;
}

/** CONNECT (and PUBLISH); never rejects, never outlasts the timeout of each step by more than a moment. */
export function checkMqtt(t: MqttTarget): Promise<MqttOutcome> {
    return new Promise((resolve) => {
        const started = Date.now();
        let stage: MqttOutcome["stage"] = "tls";
        let secureAt: number | undefined;
        let connackMs: number | undefined;
        let publishedAt: number | undefined;
        let error: NodeJS.ErrnoException | undefined;
        let settled = false;
        let socket: tls.TLSSocket | undefined;
        const client = new MqttClient(() => {
            socket = tls.connect({ ...tlsConnectOptions(t), rejectUnauthorized: true });
            socket.once("secureConnect", () => {
                secureAt = Date.now();
                stage = "connack";
            });
            socket.on("error", (e: NodeJS.ErrnoException) => {
                error ??= e;
            });
            return socket;
        }, {
            clientId: t.clientId,
            keepalive: t.keepAliveSeconds,
            protocolVersion: 4,
            clean: true,
            reconnectPeriod: 0,
            connectTimeout: t.timeoutMs,
        });
        const finish = (o: Omit<MqttOutcome, "stage">) => {
            if (settled) {
                return;
            }
            settled = true;
            clearTimeout(timer);
            resolve({ stage, connackMs, ...o });
            if (stage === "connected" || stage === "published") {
                // DISCONNECT politely; a server that does not close within a second is left behind
                client.end(false);
                setTimeout(() => socket?.destroy(), 1000).unref();
            } else {
                client.end(true);
                socket?.destroy();
            }
        };
        let timer = setTimeout(() => finish({ timedOut: true, closed: false }), t.timeoutMs);
        client.on("error", (e: Error & { code?: string | number }) => {
            if (typeof e.code === "number") {
                finish({ timedOut: false, closed: false, returnCode: e.code, errorMessage: e.message });
            } else {
                error ??= e as NodeJS.ErrnoException;
            }
        });
        client.on("close", () => {
            finish({ timedOut: false, closed: true, errorCode: error?.code, errorMessage: error?.message });
        });
        client.once("connect", () => {
            connackMs = Date.now() - (secureAt ?? started);
            stage = "connected";
            if (t.publishTopic === undefined) {
                finish({ timedOut: false, closed: false });
                return;
            }
            clearTimeout(timer);
            timer = setTimeout(() => finish({ timedOut: true, closed: false }), t.timeoutMs);
            publishedAt = Date.now();
            const payload = JSON.stringify({ source: "iotvpc-check", at: new Date().toISOString() });
            client.publish(t.publishTopic, payload, { qos: 1 }, (e) => {
                if (e) {
                    finish({ timedOut: false, closed: false, errorMessage: e.message });
                    return;
                }
                stage = "published";
                finish({ timedOut: false, closed: false, pubackMs: Date.now() - publishedAt! });
            });
        });
    });
}
