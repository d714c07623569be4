/**
 * Pure judgement: turns what a DNS query, a TLS handshake or an MQTT CONNECT found into a finding that
 * says what is wrong and its likely cause, in the deployment's terms (inbound resolver forwarding, the
 * private zone's VPC association, the security group's ports, the certificate, the device policy).
 * Imports no network module.
 */
import { MQTT_ALPN_PROTOCOL } from "../components/limits";
import { MqttOutcome, ResolverSpec, SkewResult, TlsOutcome } from "./types";

/** A failure's three parts: table cell, what is wrong, likely cause. */
export interface Diagnosis {
    readonly summary: string;
    readonly problem: string;
    readonly cause: string;
}

/** Context of a DNS finding. */
export interface DnsContext {
    readonly host: string;
    readonly resolver: ResolverSpec;
    /** The stack's inbound resolver IPs (`resolverIps`), to say where forwarding should go. */
    readonly resolverIps: readonly string[];
    readonly timeoutMs: number;
}

/** Where the answer came from, and what would put the private zone in its view. */
function zoneViewCause(c: DnsContext): string {
    const forwarding = c.resolverIps.length > 0
        ? `forward ${c.host} to the inbound resolver (${c.resolverIps.join(", ")})`
        : "forward the name to a Route 53 Resolver inbound endpoint in the VPC (the component's inboundResolver)";
    if (c.resolver.inbound) {
        return `the private hosted zone ${c.host} is not associated with the inbound resolver's VPC`;
    }
    if (c.resolver.address === undefined) {
        return `inside the VPC: the private hosted zone ${c.host} is not associated with this VPC (or the VPC lacks DNS support/hostnames); `
            + `outside it: this machine's DNS does not ${forwarding}`;
    }
    return `the resolver ${c.resolver.label} does not see the private zone: if it is the VPC's resolver, the zone ${c.host} is not associated with that VPC; `
        + `if it is a corporate DNS server, it does not ${forwarding}`;
}

/** How many queries failed with one code, of those sent; fewer are sent than planned once a resolver proved unreachable. */
export interface QueryCounts {
    readonly failed: number;
    readonly sent: number;
    /** `--samples`. */
    readonly planned: number;
}

/** `all 20 queries`, `2 of 20 queries`, `all 8 queries sent; the other 12 of 20 were not sent once those failed`. */
function shareOf(n: QueryCounts): string {
    const queries = (k: number) => `${k} ${k === 1 ? "query" : "queries"}`;
    const allSent = n.sent === n.planned;
    const failed = n.failed < n.sent ? `${n.failed} of ${allSent ? "" : "the "}${queries(n.sent)}`
        : n.sent === 1 ? queries(1) : `all ${queries(n.sent)}`;
    return allSent ? failed : `${failed} sent; the other ${n.planned - n.sent} of ${n.planned} were not sent once those failed`;
}

/** Why a resolver does not answer at all: the port it was asked on, or the inbound resolver's reachability. */
function silenceCause(r: ResolverSpec): string {
    const port = r.port ?? 53;
    if (r.inbound && port !== 53) {
        return `Route 53 Resolver inbound endpoints answer on port 53 only: query ${r.address} without :${port}`;
    }
    if (r.inbound) {
        return "the inbound resolver is unreachable from here: its security group must allow UDP and TCP 53 from this network (inboundResolver.allowedCidrs) and this network needs a route to the VPC";
    }
    return r.address === undefined
        ? "this machine's DNS servers do not answer: check /etc/resolv.conf, or query a resolver directly with --resolver"
        : `the resolver is down, its address or port is wrong, or UDP ${port} to it is blocked`;
}

/** A DNS query that failed (Node's `dns` error codes). */
export function dnsQueryFailure(code: string, counts: QueryCounts, c: DnsContext): Diagnosis {
    const share = shareOf(counts);
    const at = `${c.resolver.label}`;
    switch (code) {
        case "ETIMEOUT":
        case "ECANCELLED":
            return {
                summary: "timeout",
                problem: `no answer from ${at} within ${c.timeoutMs} ms (${share})`,
                cause: silenceCause(c.resolver),
            };
        case "ENOTFOUND":
            return {
                summary: "NXDOMAIN",
                problem: `${at} says ${c.host} does not exist (NXDOMAIN, ${share})`,
                cause: "a private zone for a parent domain (such as iot.<region>.amazonaws.com) is associated with the VPC and shadows the name, or the host name is wrong "
                    + "(compare with `aws iot describe-endpoint --endpoint-type iot:Data-ATS`); for a custom domain, its private zone is not associated with the VPC",
            };
        case "ENODATA":
            return {
                summary: "no A record",
                problem: `${c.host} exists at ${at} but has no A record (${share})`,
                cause: "the private zone has no records at its apex: an unfinished `pulumi up`, or the records were deleted outside Pulumi (`pulumi refresh` shows it)",
            };
        case "ESERVFAIL":
            return {
                summary: "SERVFAIL",
                problem: `${at} failed to resolve ${c.host} (SERVFAIL, ${share})`,
                cause: "an upstream forwarder failed: the corporate DNS forwards the name to an inbound resolver it cannot reach (security group, route), or DNSSEC validation failed",
            };
        case "EREFUSED":
            return {
                summary: "REFUSED",
                problem: `${at} refused to resolve ${c.host} (${share})`,
                cause: "the resolver does not serve this client (an access list) or does not recurse for this name",
            };
        case "ECONNREFUSED":
            return {
                summary: "refused",
                problem: `nothing serves DNS at ${at}: connection refused (${share})`,
                cause: "wrong resolver address or port",
            };
        default:
            return {
                summary: code,
                problem: `resolving ${c.host} at ${at} failed: ${code} (${share})`,
                cause: "see the error code; retry with --resolver to query a known resolver",
            };
    }
}

/** What is known of an answered IP. */
export interface AnswerFacts {
    readonly answers: number;
    readonly queries: number;
    readonly addressKind: string;
    /** A record IP of the name asked. */
    readonly isRecord: boolean;
    readonly setIdentifier?: string;
    /** A record IP of another name checked (the data name's endpoints answering for the credential provider's name). */
    readonly elsewhere?: { readonly host: string; readonly endpointId: string };
}

/** An answered IP that is not a private record IP. */
export function answerFailure(kind: "draining" | "not-private" | "not-a-record" | "public", ip: string, facts: AnswerFacts, c: DnsContext): Diagnosis {
    const inAnswers = `in ${facts.answers} of ${facts.queries} answers`;
    switch (kind) {
        case "public":
            return {
                summary: "PUBLIC IP",
                problem: `${c.host} resolved to ${ip}, a public address (${inAnswers}): devices would reach IoT Core over the internet, not the VPC endpoints`,
                cause: zoneViewCause(c),
            };
        case "not-a-record":
            return facts.elsewhere ? {
                summary: "NOT A RECORD",
                problem: `${ip} is a record IP of ${facts.elsewhere.host} (${facts.elsewhere.endpointId}), not of ${c.host} (${inAnswers})`,
                cause: `the zone of ${c.host} has a record that points at another name's endpoint, which does not serve ${c.host}: `
                    + "records made or changed outside this stack (an adopted zone), or the outputs are older than the records (save them again after `pulumi up`)",
            } : {
                summary: "NOT A RECORD",
                problem: `${ip} is a private address but none of the deployment's record IPs (${inAnswers})`,
                cause: "a record points at a dead or foreign IP: the outputs are older than the records (save them again after `pulumi up`), an endpoint network interface "
                    + "was replaced and the records not updated (`pulumi refresh`, then `pulumi up`), or another private zone for the name (another stack, another VPC association) answers",
            };
        case "draining":
            return {
                summary: "DRAINING",
                problem: `${ip} (record ${facts.setIdentifier ?? "?"}, weight 0) was answered (${inAnswers}), though Route 53 never answers a weight-0 record while others weigh more`,
                cause: "the resolver serves stale answers from before the weight changed, or the records changed after the outputs were saved",
            };
        case "not-private":
            return facts.isRecord
                ? {
                    summary: "NOT PRIVATE",
                    problem: `${ip} is a record IP but a ${facts.addressKind} address, not private (RFC 1918) (${inAnswers})`,
                    cause: "the VPC uses a CIDR outside RFC 1918: name it with --private-cidr so it counts as private",
                }
                : {
                    summary: "NOT PRIVATE",
                    problem: `${c.host} resolved to ${ip}, a ${facts.addressKind} address (${inAnswers})`,
                    cause: "a DNS filter or sinkhole answers for the name, or a local override (hosts file at the resolver, a response policy zone)",
                };
    }
}

/** Context of a TLS or MQTT finding. */
export interface ConnContext {
    readonly host: string;
    readonly ip: string;
    readonly port: number;
    readonly alpn?: string;
    /** `127.0.0.1:18883` when the connection was sent elsewhere with --connect/--port-map. */
    readonly dialled?: string;
    readonly timeoutMs: number;
    /** `Amazon Root CA 1`, `the --ca file`, `Node's default CA store`. */
    readonly trustLabel: string;
    readonly customDomain: boolean;
}

const where = (c: ConnContext) => `${c.ip}:${c.port}${c.dialled ? ` (dialled ${c.dialled})` : ""}`;

const CERT_REFUSED = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|DECRYPT_ERROR)/;
const CERT_REQUIRED = /ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE)/;

const deviceCertCause = "the server refused the device certificate: it is not registered and ACTIVE in this account and region, "
    + "or its CA is not registered (multi-account registration or JITP not done), or the key does not match the certificate";

/** A TCP connection or TLS handshake that did not finish. */
function connectFailure(o: TlsOutcome, c: ConnContext): Diagnosis {
    const code = o.errorCode ?? "";
    if (o.stage === "tcp") {
        if (o.timedOut) {
            return {
                summary: "TCP timeout",
                problem: `no TCP connection to ${where(c)} within ${c.timeoutMs} ms`,
                cause: `the endpoints' security group does not open TCP ${c.port} from this network (devicePorts, allowedCidrs), a network ACL drops it, or there is no route to the VPC from here (VPN, Direct Connect)`,
            };
        }
        if (code === "ECONNREFUSED") {
            return {
                summary: "port closed",
                problem: `TCP ${c.port} is closed at ${where(c)} (connection refused)`,
                cause: `the security group is closed for port ${c.port} (devicePorts, allowedCidrs), or the address is no longer an endpoint network interface (a stale record)`,
            };
        }
        if (code === "EHOSTUNREACH" || code === "ENETUNREACH") {
            return {
                summary: "no route",
                problem: `no route to ${where(c)} (${code})`,
                cause: "this machine has no route to the VPC: VPN or Direct Connect routes, or the VPC's route tables",
            };
        }
        return { summary: code || "TCP failed", problem: `TCP to ${where(c)} failed: ${o.errorMessage ?? code}`, cause: "see the error; a firewall between here and the VPC" };
    }
    if (o.timedOut) {
        return {
            summary: "TLS timeout",
            problem: `the TLS handshake with ${where(c)} did not finish within ${c.timeoutMs} ms (TCP connected in ${o.tcpMs ?? "?"} ms)`,
            cause: "something accepts TCP but does not speak TLS (a proxy or another service on the IP), or large packets are dropped (MTU on the VPN)",
        };
    }
    if (/NO_APPLICATION_PROTOCOL/.test(code)) {
        return {
            summary: "ALPN refused",
            problem: `${where(c)} refused ALPN ${c.alpn ?? "(none)"}`,
            cause: "the server is not an AWS IoT Core endpoint (a proxy or another service answers there); devices using MQTT on 443 need this ALPN",
        };
    }
    if (CERT_REFUSED.test(code) && o.clientCertPresented) {
        return { summary: "cert refused", problem: `${where(c)} refused the device certificate during the handshake (${code})`, cause: deviceCertCause };
    }
    if (CERT_REQUIRED.test(code) && !o.clientCertPresented) {
        return {
            summary: "needs client cert",
            problem: `${where(c)} ended the handshake: it requires a client certificate (${code})`,
            cause: "AWS IoT Core asks devices for their certificate on this port: give --cert and --key to present one",
        };
    }
    if (code === "ECONNRESET" || /disconnected before secure TLS/.test(o.errorMessage ?? "")) {
        return {
            summary: "reset",
            problem: `the connection to ${where(c)} was reset during the TLS handshake`,
            cause: "a firewall or proxy that filters TLS by SNI, or a server that does not serve this name",
        };
    }
    return { summary: code || "TLS failed", problem: `the TLS handshake with ${where(c)} failed: ${o.errorMessage ?? code}`, cause: "see the error" };
}

/** One port of an IP where the TCP connection was refused, and where it was dialled instead (--connect, --port-map). */
export interface ClosedPort {
    readonly port: number;
    readonly dialled?: string;
}

/** `8883 and 443`, `8883, 443 and 8443`. */
function listed(items: readonly number[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** ` (dialled 127.0.0.1:4001)` when every port went to one address, else each port's; `` when none was redirected. */
function dialledText(ports: readonly ClosedPort[]): string {
    const mapped = ports.filter((p) => p.dialled !== undefined);
    if (mapped.length === 0) {
        return "";
    }
    return mapped.length === ports.length && new Set(mapped.map((p) => p.dialled)).size === 1
        ? ` (dialled ${mapped[0].dialled})`
        : ` (dialled ${mapped.map((p) => `${p.dialled} for ${p.port}`).join(", ")})`;
}

/**
 * Every port tested at one IP refused the connection. One port closed points at the security group; all
 * of them point first at the IP: nothing endpoint-like answers there any more.
 */
export function allPortsClosed(c: { readonly ip: string; readonly ports: readonly ClosedPort[] }): Diagnosis {
    return {
        summary: "port closed",
        problem: `TCP ${listed(c.ports.map((p) => p.port))} are ${c.ports.length === 2 ? "both" : "all"} closed at ${c.ip}${dialledText(c.ports)} (connection refused)`,
        cause: `nothing accepts connections on any device port at ${c.ip}, so it is most likely no longer an endpoint network interface: a stale record `
            + "(the outputs are older than the records: save them again after `pulumi up`; or an interface was replaced: `pulumi refresh`, then `pulumi up`); "
            + "else the security group is closed for every device port (devicePorts, allowedCidrs)",
    };
}

/** True when a TLS probe ended because the TCP connection was refused. */
export function refused(o: TlsOutcome): boolean {
    return o.stage === "tcp" && !o.timedOut && o.errorCode === "ECONNREFUSED";
}

/** Judges a TLS probe: `undefined` when it passed. */
export function tlsFailure(o: TlsOutcome, c: ConnContext): Diagnosis | undefined {
    if (o.stage !== "done") {
        return connectFailure(o, c);
    }
    const problems: string[] = [];
    const causes: string[] = [];
    const cells: string[] = [];
    const cert = o.peer ? `subject ${o.peer.subject || "(none)"}, names ${o.peer.altNames || "(none)"}, issuer ${o.peer.issuer}` : "no certificate";
    if (o.chainError) {
        cells.push("UNTRUSTED");
        problems.push(`the certificate at ${where(c)} does not verify against ${c.trustLabel}: ${o.chainError} (${cert})`);
        causes.push(c.customDomain && !/--ca/.test(c.trustLabel)
            ? "custom domains present their own certificate: give the CA that issued it with --ca"
            : "another server answers at this IP (not AWS IoT Core), a TLS-inspecting proxy sits in between, or --ca names the wrong CA");
    }
    if (o.nameError) {
        cells.push("NAME MISMATCH");
        problems.push(`the certificate at ${where(c)} does not cover ${c.host} (${cert})`);
        causes.push(c.customDomain
            ? "the domain configuration's server certificate does not cover the custom domain, or the record points at something other than this deployment's endpoints"
            : "the IP does not serve this account's IoT endpoint: a stale or foreign record, a proxy that ignores SNI, or the wrong host name");
    }
    if (c.alpn && o.alpn !== c.alpn) {
        cells.push("ALPN");
        problems.push(`${where(c)} did not select ALPN ${c.alpn} (selected ${o.alpn ? o.alpn : "none"})`);
        causes.push(`a proxy terminates TLS in between, or the server is not AWS IoT Core: ${c.alpn === MQTT_ALPN_PROTOCOL ? "MQTT" : "HTTPS with the device certificate"} on 443 needs this ALPN`);
    }
    if (o.clientCertRejected) {
        cells.push("cert refused");
        problems.push(`${where(c)} refused the device certificate after the handshake (${o.clientCertRejected})`);
        causes.push(deviceCertCause);
    }
    if (problems.length === 0) {
        return undefined;
    }
    return { summary: cells.join(", "), problem: problems.join("; "), cause: causes.join("; ") };
}

const CONNACK_CODES: Record<number, string> = {
    1: "unacceptable protocol version",
    2: "identifier rejected",
    3: "server unavailable",
    4: "bad user name or password",
    5: "not authorized",
    // MQTT 5 reason codes, should a server send them
    128: "unspecified error",
    133: "client identifier not valid",
    134: "bad user name or password",
    135: "not authorized",
};

/** Context of an MQTT finding. */
export interface MqttContext extends ConnContext {
    readonly clientId: string;
    readonly endpointId?: string;
    readonly publishTopic?: string;
}

/** Why a device's CONNECT is refused through an endpoint, in IoT policy terms. */
function policyCause(c: MqttContext): string {
    return `the device policy does not allow iot:Connect for client id ${c.clientId} through this endpoint: an aws:SourceVpce condition must list `
        + `${c.endpointId ?? "the endpoint"}, the policy's client resource must match the client id (give --client-id <thing name>), `
        + "and the certificate must be ACTIVE with the policy attached";
}

/** Judges an MQTT CONNECT (stage `connack` or earlier failed); `undefined` when CONNACK accepted it. */
export function mqttConnectFailure(o: MqttOutcome, c: MqttContext): Diagnosis | undefined {
    if (o.stage === "connected" || o.stage === "published") {
        return undefined;
    }
    if (o.stage === "tls") {
        const code = o.errorCode ?? "";
        if (CERT_REFUSED.test(code)) {
            return { summary: "cert refused", problem: `the TLS handshake for MQTT at ${where(c)} refused the device certificate (${code})`, cause: deviceCertCause };
        }
        return {
            summary: o.timedOut ? "TLS timeout" : "TLS failed",
            problem: `MQTT at ${where(c)} did not get past TLS: ${o.timedOut ? `no handshake within ${c.timeoutMs} ms` : o.errorMessage ?? code}`,
            cause: `see the TLS check of ${c.ip}:${c.port}`,
        };
    }
    if (o.returnCode !== undefined) {
        const text = CONNACK_CODES[o.returnCode] ?? `code ${o.returnCode}`;
        return {
            summary: `refused (${o.returnCode})`,
            problem: `the broker at ${where(c)} refused CONNECT: CONNACK ${o.returnCode} (${text})`,
            cause: o.returnCode === 3 ? "the service is unavailable: retry; check the AWS Health Dashboard" : policyCause(c),
        };
    }
    if (o.timedOut) {
        return {
            summary: "no CONNACK",
            problem: `no CONNACK from ${where(c)} within ${c.timeoutMs} ms`,
            cause: "TLS was accepted but nothing answers MQTT: a proxy in between, or MQTT on 443 without ALPN x-amzn-mqtt-ca",
        };
    }
    return {
        summary: "closed",
        problem: `the server at ${where(c)} closed the connection after CONNECT, without CONNACK${o.errorMessage ? ` (${o.errorMessage})` : ""}`,
        cause: `AWS IoT Core closes the connection when CONNECT is not authorized: ${policyCause(c)}`,
    };
}

/** Judges the QoS 1 PUBLISH after a CONNECT that succeeded; `undefined` when PUBACK came. */
export function mqttPublishFailure(o: MqttOutcome, c: MqttContext): Diagnosis | undefined {
    if (o.stage === "published") {
        return undefined;
    }
    const topic = c.publishTopic ?? "?";
    return {
        summary: o.timedOut ? "no PUBACK" : "closed",
        problem: o.timedOut
            ? `no PUBACK for a QoS 1 message to ${topic} within ${c.timeoutMs} ms`
            : `the server closed the connection after a QoS 1 message to ${topic}, without PUBACK${o.errorMessage ? ` (${o.errorMessage})` : ""}`,
        cause: `the device policy does not allow iot:Publish on topic ${topic} for this client (AWS IoT Core disconnects a client that publishes where it may not), or the topic is reserved ($aws/...)`,
    };
}

/** Judges the spread of answers over the endpoints; `undefined` when it fits the weights. */
export function skewFailure(s: SkewResult, identicalAnswers: boolean, ttl: number | undefined): Diagnosis | undefined {
    if (s.ok) {
        return undefined;
    }
    // "over" and "under" carry the direction: the amount goes without a sign
    const off = s.endpoints.filter((e) => e.verdict !== "ok").map((e) => e.verdict === "draining-answered"
        ? `${e.endpointId} answered ${e.observed} times although its records weigh 0`
        : `${e.endpointId} ${e.verdict} by ${Math.abs(e.deviationPercent ?? 0).toFixed(0)}% (${e.observed} of ${s.n}, expected ${e.expected.toFixed(1)})`);
    const test = s.test === "chi-square"
        ? `chi-square ${s.statistic!.toFixed(1)}, df ${s.degreesOfFreedom}, p = ${formatP(s.pValue)} < ${s.alpha}`
        : `exact binomial, adjusted p = ${formatP(s.pValue)} < ${s.alpha}`;
    const cache = identicalAnswers
        ? `every answer was the same: a caching resolver or forwarder repeats one answer for the TTL${ttl !== undefined ? ` (${ttl} s)` : ""}; space queries with --interval longer than the TTL, or ask the VPC's resolver directly`
        : "a caching resolver or forwarder repeats answers for the TTL (space queries with --interval)";
    return {
        summary: "SKEWED",
        problem: `answers do not spread over the endpoints as the weights say (${test})${off.length > 0 ? `: ${off.join("; ")}` : ""}`,
        cause: `${cache}, or the records' weights differ from the outputs (a record missing or re-weighted for an endpoint)`,
    };
}

/** p-values for people: 0.042, 1.2e-7. */
export function formatP(p: number): string {
    return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}
