/**
 * What a device needs to connect through the private endpoints: host, ports, ALPN and the CA to trust,
 * and the MQTT keep-alive clamped to what the endpoint honours. Pure: imports nothing from `@pulumi/*`.
 */
import { MQTT_ALPN_PROTOCOL, MQTT_KEEP_ALIVE_MAX_SECONDS } from "./limits";

/** Amazon Trust Services root that signs the ATS endpoint certificates (RSA). */
export const AMAZON_ROOT_CA_1_URL = "https://www.amazontrust.com/repository/AmazonRootCA1.pem";

/** One protocol a device can use, on a port the security group opens. */
export interface DeviceProtocol {
    /** `mqtt`, `mqtt-alpn`, `mqtt-websockets`, `https` or `https-client-cert`. */
    readonly protocol: string;
    readonly port: number;
    /** TLS ALPN protocol name to send, if any. */
    readonly alpn?: string;
}

/** Connection settings for devices on one host name. */
export interface ConnectionSettings {
    /** Host name devices connect to (TLS SNI and certificate name). */
    readonly host: string;
    /** `ats` for the account's IoT endpoint, `custom` for a custom domain, `credentials` for the credential provider. */
    readonly kind: string;
    readonly protocols: DeviceProtocol[];
    /** Root CA to trust: Amazon Root CA 1 for the ATS endpoint; the issuer of your certificate for custom domains. */
    readonly rootCa: string;
    /** MQTT keep-alive to configure, in seconds (never above 230 through VPC endpoints). */
    readonly keepAliveSeconds: number;
}

/** The protocols reachable on `ports`. */
export function protocolsFor(ports: readonly number[]): DeviceProtocol[] {
    const out: DeviceProtocol[] = [];
    if (ports.includes(8883)) {
        out.push({ protocol: "mqtt", port: 8883 });
    }
    if (ports.includes(443)) {
        out.push({ protocol: "mqtt-alpn", port: 443, alpn: MQTT_ALPN_PROTOCOL });
        out.push({ protocol: "mqtt-websockets", port: 443 });
        out.push({ protocol: "https", port: 443 });
    }
    if (ports.includes(8443)) {
        out.push({ protocol: "https-client-cert", port: 8443 });
    }
    return out;
}

/** The keep-alive devices should use: the requested one, never above 230 s. */
export function clampKeepAlive(seconds: number | undefined): number {
    return Math.min(seconds ?? MQTT_KEEP_ALIVE_MAX_SECONDS, MQTT_KEEP_ALIVE_MAX_SECONDS);
}

/**
 * Settings for the ATS endpoint, each custom domain and, when it is served privately, the credential
 * provider (HTTPS with the device's certificate on 443, which Greengrass core devices call for role
 * credentials).
 */
export function connectionSettings(atsHost: string, customDomains: readonly string[], ports: readonly number[], keepAliveSeconds: number | undefined, credentialsHost?: string): ConnectionSettings[] {
    const protocols = protocolsFor(ports);
    const keepAlive = clampKeepAlive(keepAliveSeconds);
    return [
        { host: atsHost, kind: "ats", protocols, rootCa: AMAZON_ROOT_CA_1_URL, keepAliveSeconds: keepAlive },
        ...customDomains.map((host) => ({ host, kind: "custom", protocols, rootCa: "the CA that issued the domain's server certificate", keepAliveSeconds: keepAlive })),
        ...(credentialsHost !== undefined && ports.includes(443)
            ? [{ host: credentialsHost, kind: "credentials", protocols: [{ protocol: "https-client-cert", port: 443 }], rootCa: AMAZON_ROOT_CA_1_URL, keepAliveSeconds: keepAlive }]
            : []),
    ];
}
