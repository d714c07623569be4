/**
 * The shapes `iotvpc-check` works with: what to check (names, their expected records, the TLS probes),
 * how to reach it (resolvers, the dial map) and what it found. Plain data; no I/O.
 */

/**
 * Where a name to check came from: the stack's outputs (`ats`, `custom`, `credentials`: the credential
 * provider's name, which Greengrass core devices ask for role credentials) or `--host`.
 */
export type NameKind = "ats" | "custom" | "credentials" | "host";

/** One weighted record of a name, as the stack exported it (`records`), or one `--expect-ip`. */
export interface ExpectedRecord {
    /** Route 53 set identifier (`ep1-subnet-0abc...`), or `--expect-ip` for flag input. */
    readonly setIdentifier: string;
    /** Route 53 weight, 0..255; 0 is never answered while another record of the name weighs more. */
    readonly weight: number;
    /** The interface endpoint (`vpce-...`) the record points at, or the `--expect-ip` label. */
    readonly endpointId: string;
    /** `a` (ENI IPs) or `alias` (the endpoint's regional DNS name, resolved when the check runs). */
    readonly kind: "a" | "alias";
    /** ENI IPs of an `a` record; empty for an alias record until its target is resolved. */
    readonly ips: readonly string[];
    /** Subnet of each IP, same order as `ips` (`undefined` where the outputs do not say). */
    readonly subnetIds: readonly (string | undefined)[];
    /** The alias target's DNS name (alias records only). */
    readonly aliasTarget?: string;
    /** TTL of an `a` record, seconds. */
    readonly ttl?: number;
}

/** One TLS handshake to make on every IP of a name. */
export interface TlsProbeSpec {
    /** The device port: 8883, 443 or 8443. */
    readonly port: number;
    /** ALPN protocol to offer (and require): `x-amzn-mqtt-ca` (MQTT) or `x-amzn-http-ca` (HTTPS with a client certificate) on 443. */
    readonly alpn?: string;
}

/** What the checker uses of the outputs' `greengrassNucleusConfig` (the component's `GreengrassNucleusConfig`). */
export interface NucleusConfig {
    /** `iotDataEndpoint`, lower case without a trailing dot. */
    readonly iotDataEndpoint: string;
    /** `iotCredEndpoint`, lower case without a trailing dot. */
    readonly iotCredEndpoint: string;
    /** `greengrassDataPlanePort`: 8443 or 443. */
    readonly dataPlanePort: number;
}

/** A name the nucleus configuration gives core devices, and the name of the outputs it must be. */
export interface NucleusName {
    readonly setting: "iotDataEndpoint" | "iotCredEndpoint";
    /** The configured name, lower case without a trailing dot. */
    readonly configured: string;
    /** The outputs' name of that kind (`ats`, `credentials`); absent when the outputs have none. */
    readonly expected?: string;
}

/** The Greengrass part of a run: the configuration's names to judge once the names were resolved. */
export interface NucleusCheck {
    readonly names: readonly NucleusName[];
    /** `greengrassDataPlanePort`: the data name's probes include it unless `--ports` leaves it out. */
    readonly dataPlanePort: number;
}

/** Which certificates to trust for a name's server certificate. */
export type TrustSource = "amazon-root-ca-1" | "system" | "ca-file";

/** A DNS name to check and what it should resolve to. */
export interface NameTarget {
    /** The host name devices connect to; the TLS SNI and the name the certificate must cover. */
    readonly host: string;
    readonly kind: NameKind;
    readonly records: readonly ExpectedRecord[];
    readonly probes: readonly TlsProbeSpec[];
    /** MQTT CONNECT is attempted on this name (data endpoint names, with a device certificate). */
    readonly mqtt: boolean;
    /** Keep-alive the stack's `connectionSettings` gives for this name, seconds. */
    readonly keepAliveSeconds?: number;
    readonly trust: TrustSource;
}

/** A DNS server to ask, or the system's resolvers. */
export interface ResolverSpec {
    /** As shown in reports: `system (10.0.0.2)`, `10.0.1.10:53 (inbound resolver)`. */
    readonly label: string;
    /** IPv4 address; absent for the system's resolvers. */
    readonly address?: string;
    readonly port?: number;
    /** The address is one of the stack's inbound resolver IPs (`resolverIps`). */
    readonly inbound: boolean;
}

/** A `--connect` rule: dial `address[:toPort]` instead of `ip[:port]` (`ip` may be `*`). */
export interface ConnectRule {
    readonly ip: string;
    readonly port?: number;
    readonly address: string;
    readonly toPort?: number;
}

/** Where to dial instead of a record IP and device port (test and diagnostic options). */
export interface DialMap {
    /** `--port-map 8883=18883`: device port -> port dialled. */
    readonly portMap: ReadonlyMap<number, number>;
    readonly connect: readonly ConnectRule[];
}

/** The device identity for the MQTT check (and presented in the TLS probes, as a device does). */
export interface DeviceIdentity {
    readonly certPem: string;
    readonly keyPem: string;
    readonly clientId: string;
    /** `--keepalive`, seconds (1..230); else each name's `connectionSettings` value, else 230. */
    readonly keepAliveSeconds?: number;
    readonly publishTopic?: string;
    /** Port of the MQTT check: 8883, or 443 with ALPN `x-amzn-mqtt-ca`. */
    readonly mqttPort: number;
}

/** Everything one run checks, after the command line and the outputs were read. */
export interface CheckOptions {
    readonly targets: readonly NameTarget[];
    readonly resolvers: readonly ResolverSpec[];
    /** DNS queries per name and resolver. */
    readonly samples: number;
    /** Pause between DNS queries, ms (0: several in flight). */
    readonly intervalMs: number;
    /** Limit of every network operation, ms. */
    readonly timeoutMs: number;
    /** Significance level of the skew test. */
    readonly alpha: number;
    /** Probe every record IP, not only the ones answered. */
    readonly allIps: boolean;
    /** CIDRs besides RFC 1918 that count as private (`--private-cidr`). */
    readonly privateCidrs: readonly string[];
    /** PEM certificates from `--ca`, trusted for every name instead of the defaults. */
    readonly caPems?: readonly string[];
    readonly device?: DeviceIdentity;
    readonly dial: DialMap;
    /** The stack's inbound resolver IPs (`resolverIps`), named in the causes of DNS failures. */
    readonly resolverIps: readonly string[];
    /** When the outputs hold `greengrassNucleusConfig`. */
    readonly nucleus?: NucleusCheck;
    /** What the report should say about how the checks were chosen (a probe added, a port left out). */
    readonly notes: readonly string[];
}

/** `nucleus`: a name of `greengrassNucleusConfig` is the outputs' name of its kind and resolved privately. */
export type CheckKind = "dns" | "answer" | "skew" | "tls" | "mqtt" | "publish" | "nucleus";
export type Status = "pass" | "fail" | "skip";

/** One check's outcome. A failure says what is wrong (`problem`) and the likely cause. */
export interface Finding {
    readonly check: CheckKind;
    readonly status: Status;
    readonly host: string;
    readonly resolver?: string;
    readonly ip?: string;
    readonly port?: number;
    readonly alpn?: string;
    /**
     * The probes one TLS finding stands for, instead of `port` and `alpn`: an IP where every port
     * refused the connection is one problem (most likely a stale record), not one per port.
     */
    readonly probes?: readonly TlsProbeSpec[];
    readonly endpointId?: string;
    /** The `greengrassNucleusConfig` setting a `nucleus` finding judges (`iotDataEndpoint`, `iotCredEndpoint`). */
    readonly setting?: string;
    /** Milliseconds: the TLS handshake, the CONNACK or PUBACK round trip, a DNS query. */
    readonly ms?: number;
    /** Short text for a table cell. */
    readonly summary: string;
    readonly problem?: string;
    readonly cause?: string;
    /** Facts behind the verdict (certificate subject, answer counts, ...). */
    readonly detail?: string;
}

/** How a DNS answer compares with the records. */
export type AnswerClass = "record" | "draining" | "not-private" | "not-a-record" | "public";

/** An IP of a name: a record IP, or an answer that was none. */
export interface IpRow {
    readonly ip: string;
    readonly class: AnswerClass | "not-answered";
    readonly endpointId?: string;
    readonly subnetId?: string;
    readonly setIdentifier?: string;
    /** Answers (of `queries`) that contained the IP. */
    readonly answers: number;
}

/** One endpoint's share of the answers. */
export interface EndpointSkew {
    readonly endpointId: string;
    readonly observed: number;
    /** Expected answers: `n` times the share the weights give. */
    readonly expected: number;
    readonly expectedShare: number;
    readonly observedShare: number;
    /** (observed - expected) / expected, percent; `null` when nothing is expected. */
    readonly deviationPercent: number | null;
    /** Two-sided exact binomial p-value, Bonferroni-adjusted over the endpoints. */
    readonly pValue: number;
    readonly verdict: "ok" | "over" | "under" | "draining-answered";
}

/** Whether answers spread over the endpoints as the weights say. */
export interface SkewResult {
    /** Answers attributed to one endpoint. */
    readonly n: number;
    /** `chi-square` when every expected count is at least 5, else per-endpoint exact binomial tests. */
    readonly test: "chi-square" | "binomial";
    readonly statistic?: number;
    readonly degreesOfFreedom?: number;
    /** The overall p-value (chi-square, or the smallest adjusted binomial p-value). */
    readonly pValue: number;
    readonly alpha: number;
    readonly ok: boolean;
    readonly endpoints: readonly EndpointSkew[];
    readonly notes: readonly string[];
}

/** DNS results of one name through one resolver. */
export interface NameReport {
    readonly host: string;
    readonly kind: NameKind;
    readonly resolver: string;
    /**
     * Queries sent: `--samples`, or fewer when the resolver proved unreachable (timeouts or refusals
     * only) and the rest were not sent.
     */
    readonly queries: number;
    readonly answered: number;
    readonly ips: readonly IpRow[];
    readonly skew?: SkewResult;
}

/** What `iotvpc-check` prints as JSON with `--json`. */
export interface Report {
    readonly ok: boolean;
    readonly summary: { readonly checks: number; readonly passed: number; readonly failed: number; readonly skipped: number };
    readonly durationMs: number;
    readonly names: readonly NameReport[];
    readonly findings: readonly Finding[];
    /** How the checks were chosen, where the report must say it (the Greengrass data plane port added or left out). */
    readonly notes: readonly string[];
}

/** What one TLS handshake found (the raw facts; `diagnose.ts` judges them). */
export interface TlsOutcome {
    /** Where it ended: no TCP connection, a failed handshake, or a finished handshake. */
    readonly stage: "tcp" | "tls" | "done";
    readonly timedOut: boolean;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    /** TCP connect, ms. */
    readonly tcpMs?: number;
    /** From TCP connected to handshake finished, ms. */
    readonly handshakeMs?: number;
    readonly protocol?: string;
    /** The ALPN protocol the server selected ("" for none). */
    readonly alpn?: string;
    /** Why the chain does not verify against the trusted CAs (OpenSSL code), if it does not. */
    readonly chainError?: string;
    /** Why the certificate does not cover the host name, if it does not. */
    readonly nameError?: string;
    readonly peer?: { readonly subject: string; readonly altNames: string; readonly issuer: string; readonly validTo: string };
    /** The device certificate was presented in the handshake. */
    readonly clientCertPresented: boolean;
    /** A TLS alert after the handshake that refuses the device certificate (TLS 1.3). */
    readonly clientCertRejected?: string;
}

/** What one MQTT CONNECT (and optional PUBLISH) found. */
export interface MqttOutcome {
    /** How far it got. */
    readonly stage: "tls" | "connack" | "connected" | "published";
    readonly timedOut: boolean;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    /** CONNACK return code of a refused CONNECT. */
    readonly returnCode?: number;
    /** The server closed the connection before CONNACK (or before PUBACK, at stage `connected`). */
    readonly closed: boolean;
    /** CONNECT to CONNACK, ms. */
    readonly connackMs?: number;
    /** PUBLISH to PUBACK, ms. */
    readonly pubackMs?: number;
}
