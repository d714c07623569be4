/**
 * `iotvpc-check`'s pure logic, with plain tables: address classes, the skew statistics (against values
 * from statistics tables, and their false-alarm rate on simulated Route 53 answers), reading the stack's
 * outputs, the command line, the dial map, the diagnoses and the embedded root CA.
 */
import { X509Certificate } from "crypto";
import * as tls from "tls";

import { expect } from "chai";

import { AMAZON_ROOT_CA_1_PEM, AMAZON_ROOT_CA_1_SHA256 } from "../check/amazonRootCa1";
import { addressKind, classifyAnswer, indexRecordIps, parseCidr, parseIpv4 } from "../check/classify";
import { allPortsClosed, answerFailure, dnsQueryFailure, mqttConnectFailure, skewFailure, tlsFailure } from "../check/diagnose";
import { dialFor, parseConnect, parsePortMap } from "../check/dial";
import { Flags, buildOptions, parseCommandLine } from "../check/options";
import { nucleusFindings } from "../check/greengrass";
import { parseStackOutputs, probesFor } from "../check/outputs";
import { renderText, summaryLine, wrap } from "../check/report";
import { binomialTwoSidedPValue, chiSquarePValue, expectedShares, skewCheck } from "../check/skew";
import { ExpectedRecord, Finding, Report } from "../check/types";

const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";

const record = (setIdentifier: string, endpointId: string, ips: string[], weight = 1): ExpectedRecord =>
    ({ setIdentifier, endpointId, weight, kind: "a", ips, subnetIds: ips.map(() => "subnet-1") });

describe("check: addresses", () => {
    for (const [ip, parsed] of [["10.0.0.1", 0x0a000001], ["255.255.255.255", 0xffffffff], ["0.0.0.0", 0], ["256.1.1.1", undefined], ["10.0.0", undefined], ["10.01.0.1", undefined], ["a.b.c.d", undefined]] as const) {
        it(`parses ${ip} as ${parsed}`, () => expect(parseIpv4(ip)).to.equal(parsed));
    }
    for (const [ip, kind] of [
        ["10.20.1.5", "private"], ["172.16.0.1", "private"], ["172.31.255.255", "private"], ["172.32.0.1", "public"], ["192.168.1.1", "private"],
        ["52.94.133.131", "public"], ["127.0.0.1", "loopback"], ["169.254.169.253", "link-local"], ["100.64.1.1", "shared address space (RFC 6598)"], ["0.0.0.0", "\"this network\" (0.0.0.0/8)"],
    ] as const) {
        it(`${ip} is ${kind}`, () => expect(addressKind(ip)).to.equal(kind));
    }

    it("counts --private-cidr ranges as private and refuses CIDRs with host bits set", () => {
        expect(addressKind("100.64.1.1", [parseCidr("100.64.0.0/16")!])).to.equal("private");
        expect(parseCidr("100.64.0.1/16")).to.equal(undefined);
        expect(parseCidr("10.0.0.0/33")).to.equal(undefined);
    });

    it("classifies answers against the records", () => {
        const records = [record("ep1-a", "vpce-1", ["10.0.1.5"]), record("ep2-a", "vpce-2", ["10.0.2.5"], 0), record("ep3-a", "vpce-3", ["100.64.0.5"])];
        const byIp = indexRecordIps(records);
        const table: [string, string][] = [
            ["10.0.1.5", "record"], ["10.0.2.5", "draining"], ["100.64.0.5", "not-private"], ["10.0.9.9", "not-a-record"], ["52.94.133.131", "public"], ["127.0.0.1", "not-private"],
        ];
        expect(table.map(([ip]) => [ip, classifyAnswer(ip, records, byIp)])).to.deep.equal(table);
        // every weight 0: Route 53 answers them all alike
        const allZero = [record("ep1-a", "vpce-1", ["10.0.1.5"], 0), record("ep2-a", "vpce-2", ["10.0.2.5"], 0)];
        expect(classifyAnswer("10.0.2.5", allZero, indexRecordIps(allZero))).to.equal("record");
    });
});

describe("check: skew statistics", () => {
    const close = (x: number, y: number, rel = 1e-6) => expect(Math.abs(x - y) / y, `${x} vs ${y}`).to.be.below(rel);

    it("gives the chi-square tables' upper-tail probabilities", () => {
        close(chiSquarePValue(3.841458820694124, 1), 0.05);
        close(chiSquarePValue(5.991464547107979, 2), 0.05);
        close(chiSquarePValue(10.827566170662733, 1), 0.001);
        close(chiSquarePValue(23.209251158954356, 10), 0.01);
        expect(chiSquarePValue(0, 3)).to.equal(1);
    });

    it("gives the exact two-sided binomial p-values", () => {
        close(binomialTwoSidedPValue(7, 10, 0.5), 0.34375);
        close(binomialTwoSidedPValue(0, 20, 0.5), 2 * 0.5 ** 20);
        close(binomialTwoSidedPValue(3, 10, 0.2), 0.4295740, 1e-5);
        expect(binomialTwoSidedPValue(5, 10, 0.5)).to.equal(1);
    });

    it("takes each endpoint's share from the weights; weight 0 drains unless all are 0", () => {
        const shares = (rs: ExpectedRecord[]) => Object.fromEntries(expectedShares(rs));
        expect(shares([record("a", "e1", ["10.0.0.1"], 3), record("b", "e1", ["10.0.0.2"], 3), record("c", "e2", ["10.0.0.3"], 2), record("d", "e2", ["10.0.0.4"], 2), record("e", "e2", ["10.0.0.5"], 2)]))
            .to.deep.equal({ e1: 0.5, e2: 0.5 });
        expect(shares([record("a", "e1", ["10.0.0.1"], 1), record("b", "e2", ["10.0.0.2"], 0)])).to.deep.equal({ e1: 1, e2: 0 });
        expect(shares([record("a", "e1", ["10.0.0.1"], 0), record("b", "e2", ["10.0.0.2"], 0)])).to.deep.equal({ e1: 0.5, e2: 0.5 });
    });

    const shares = new Map([["e1", 0.5], ["e2", 0.5]]);
    it("passes an even spread and names the endpoints of a skewed one, with the deviation", () => {
        const even = skewCheck({ counts: new Map([["e1", 52], ["e2", 48]]), shares, alpha: 0.001 })!;
        expect(even).to.deep.include({ ok: true, test: "chi-square", n: 100, degreesOfFreedom: 1 });
        const skewed = skewCheck({ counts: new Map([["e1", 70], ["e2", 30]]), shares, alpha: 0.001 })!;
        expect(skewed.ok).to.equal(false);
        close(skewed.statistic!, 16);
        expect(skewed.endpoints.map((e) => [e.endpointId, e.verdict, Math.round(e.deviationPercent!)])).to.deep.equal([["e1", "over", 40], ["e2", "under", -40]]);
    });

    it("uses Bonferroni-adjusted exact binomial tests when expected counts are under 5, and says so", () => {
        const s = skewCheck({ counts: new Map([["e1", 4], ["e2", 2], ["e3", 0]]), shares: new Map([["e1", 1 / 3], ["e2", 1 / 3], ["e3", 1 / 3]]), alpha: 0.001 })!;
        expect(s).to.deep.include({ test: "binomial", ok: true });
        expect(s.notes[0]).to.match(/^6 answers are few for this many endpoints: only a large skew is detectable \(about 15 queries give a chi-square test\)$/);
    });

    it("fails when a draining endpoint (weight 0) is answered at all", () => {
        const s = skewCheck({ counts: new Map([["e1", 50], ["e2", 49], ["e3", 1]]), shares: new Map([["e1", 0.5], ["e2", 0.5], ["e3", 0]]), alpha: 0.001 })!;
        expect(s.ok).to.equal(false);
        expect(s.endpoints.find((e) => e.endpointId === "e3")!.verdict).to.equal("draining-answered");
    });

    it("has nothing to test with one endpoint or one answer", () => {
        expect(skewCheck({ counts: new Map([["e1", 30]]), shares: new Map([["e1", 1]]), alpha: 0.001 })).to.equal(undefined);
        expect(skewCheck({ counts: new Map([["e1", 1]]), shares, alpha: 0.001 })).to.equal(undefined);
    });

    /** Route 53 on even weights: `n` answers over `k` endpoints, from a seeded generator. */
    function simulate(n: number, weights: number[], random: () => number): Map<string, number> {
        const total = weights.reduce((a, b) => a + b, 0);
        const counts = new Map<string, number>(weights.map((_, i) => [`e${i}`, 0]));
        for (let q = 0; q < n; q++) {
            let x = random() * total;
            const i = weights.findIndex((w) => (x -= w) < 0);
            counts.set(`e${i}`, counts.get(`e${i}`)! + 1);
        }
        return counts;
    }
    function seeded(seed: number): () => number {
        let a = seed >>> 0;
        return () => {
            a = (a + 0x6d2b79f5) >>> 0;
            let t = Math.imul(a ^ (a >>> 15), a | 1);
            t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
    }

    it("raises false alarms at about alpha on even records (1,000 simulated runs per case), and finds a 2:1 skew", () => {
        const random = seeded(42);
        for (const [n, k] of [[200, 3], [12, 4]] as const) {
            const even = new Map(Array.from({ length: k }, (_, i) => [`e${i}`, 1 / k]));
            let alarms = 0;
            for (let run = 0; run < 1000; run++) {
                if (!skewCheck({ counts: simulate(n, Array(k).fill(1), random), shares: even, alpha: 0.05 })!.ok) {
                    alarms++;
                }
            }
            expect(alarms, `${n} answers over ${k} endpoints`).to.be.at.most(80); // alpha 0.05: 50 expected, binomial sd about 7
        }
        let found = 0;
        for (let run = 0; run < 200; run++) {
            found += skewCheck({ counts: simulate(300, [2, 1], random), shares, alpha: 0.001 })!.ok ? 0 : 1;
        }
        expect(found).to.be.at.least(190);
    });
});

describe("check: reading the stack's outputs", () => {
    const outputs = {
        dataEndpoint: ATS,
        records: [
            { name: ATS, setIdentifier: "ep1-subnet-a", weight: 1, endpointId: "vpce-1", values: ["10.0.1.5"], subnetIds: ["subnet-a"], kind: "a", ttl: 60 },
            { name: `${ATS}.`, setIdentifier: "ep2-subnet-a", weight: 1, endpointId: "vpce-2", values: ["10.0.1.6"] }, // stacks deployed before subnetIds and kind
            { name: "devices.example.com", setIdentifier: "ep1-alias", weight: 1, endpointId: "vpce-1", values: ["vpce-1-abc.iot.us-east-1.vpce.amazonaws.com"], subnetIds: [], kind: "alias" },
        ],
        customDomains: ["devices.example.com"],
        connectionSettings: [{ host: ATS, kind: "ats", protocols: [{ protocol: "mqtt", port: 8883 }, { protocol: "mqtt-alpn", port: 443, alpn: "x-amzn-mqtt-ca" }, { protocol: "https", port: 443 }], rootCa: "x", keepAliveSeconds: 120 }],
        resolverIps: ["10.0.1.10", "10.0.2.10"],
    };

    it("reads the names, their records (alias targets, old record shapes), probes, keep-alive and resolver IPs", () => {
        const { outputs: o, problems } = parseStackOutputs(outputs);
        expect(problems).to.deep.equal([]);
        expect(o!.names.map((n) => [n.host, n.kind, n.records.length])).to.deep.equal([[ATS, "ats", 2], ["devices.example.com", "custom", 1]]);
        expect(o!.names[0].records[1]).to.deep.equal({ setIdentifier: "ep2-subnet-a", weight: 1, endpointId: "vpce-2", kind: "a", ips: ["10.0.1.6"], subnetIds: [undefined] });
        expect(o!.names[1].records[0]).to.include({ kind: "alias", aliasTarget: "vpce-1-abc.iot.us-east-1.vpce.amazonaws.com" });
        expect(o!.names[0].probes).to.deep.equal([{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }]);
        expect(o!.names[0].keepAliveSeconds).to.equal(120);
        expect(o!.resolverIps).to.deep.equal(["10.0.1.10", "10.0.2.10"]);
    });

    it("names every bad key at once, with the fix", () => {
        const bad = { ...outputs, records: [{ ...outputs.records[0], weight: 300 }, { ...outputs.records[0], values: ["10.0.1"], kind: "a" }, "x"], resolverIps: ["nope"] };
        expect(parseStackOutputs(bad).problems).to.deep.equal([
            "outputs.records[0].weight: 300 is not an integer 0..255",
            "outputs.records[1].values: \"10.0.1\" is not an IPv4 address",
            "outputs.records[2]: expected an object with name, setIdentifier, weight, endpointId and values",
            "outputs.resolverIps: \"nope\" is not an IPv4 address",
        ]);
        expect(parseStackOutputs({ dataEndpoint: ATS }).problems[0]).to.match(/^outputs\.records is missing: export the component's records from the stack \(`records: iot\.records`\)/);
        expect(parseStackOutputs({ skipped: true, reason: "China" }).problems).to.deep.equal(["the stack was skipped (China): it has no endpoints to check"]);
        expect(parseStackOutputs([]).problems[0]).to.match(/^the outputs are not a JSON object/);
    });

    it("keeps the ALPN probe for a port that also has a plain protocol", () => {
        expect(probesFor([{ port: 443 }, { port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 8443 }])).to.deep.equal([{ port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 8443 }]);
    });
});

describe("check: command line", () => {
    const env = { defaultClientId: "iotvpc-check-test", systemResolverLabel: "system (10.0.0.2)" };
    const flags = (argv: string[]): Flags => {
        const p = parseCommandLine(argv);
        expect(p.problems).to.deep.equal([]);
        return p.flags!;
    };
    const { outputs } = parseStackOutputs({
        dataEndpoint: ATS,
        records: [{ name: ATS, setIdentifier: "ep1-a", weight: 1, endpointId: "vpce-1", values: ["10.0.1.5"], subnetIds: ["subnet-a"], kind: "a", ttl: 60 }],
        resolverIps: ["10.0.1.10"],
    });

    it("defaults: 20 queries, 3 s timeout, the system resolver, the device ports, Amazon Root CA 1, no MQTT", () => {
        const { options, problems } = buildOptions(flags([]), { outputs }, env);
        expect(problems).to.deep.equal([]);
        expect(options).to.deep.include({ samples: 20, timeoutMs: 3000, alpha: 0.001, intervalMs: 0, allIps: false });
        expect(options!.resolvers).to.deep.equal([{ label: "system (10.0.0.2)", inbound: false }]);
        expect(options!.targets[0]).to.deep.include({ host: ATS, kind: "ats", trust: "amazon-root-ca-1", probes: [{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 8443 }] });
        expect(options!.device).to.equal(undefined);
    });

    it("expands --resolver inbound to the outputs' resolver IPs and marks a given inbound IP", () => {
        const { options } = buildOptions(flags(["--resolver", "inbound", "--resolver", "10.0.1.10:53", "--resolver", "127.0.0.1:5353"]), { outputs }, env);
        expect(options!.resolvers).to.deep.equal([
            { label: "10.0.1.10 (inbound resolver)", address: "10.0.1.10", port: 53, inbound: true },
            { label: "10.0.1.10 (inbound resolver)", address: "10.0.1.10", port: 53, inbound: true },
            { label: "127.0.0.1:5353", address: "127.0.0.1", port: 5353, inbound: false },
        ]);
    });

    it("checks a --host without outputs against --expect-ip, trusting Amazon's root for an ATS name", () => {
        const { options } = buildOptions(flags(["--host", ATS.toUpperCase(), "--expect-ip", "10.0.1.5=vpce-1", "--ports", "8883"]), {}, env);
        expect(options!.targets).to.deep.equal([{
            host: ATS, kind: "host", records: [{ setIdentifier: "--expect-ip", weight: 1, endpointId: "vpce-1", kind: "a", ips: ["10.0.1.5"], subnetIds: [undefined] }],
            probes: [{ port: 8883 }], mqtt: true, trust: "amazon-root-ca-1",
        }]);
    });

    it("reports every bad flag at once, naming the flag, the value and the fix", () => {
        const { problems } = buildOptions(flags([
            "--samples", "0", "--timeout", "2s", "--alpha", "1", "--keepalive", "231", "--publish", "a/#", "--mqtt-port", "1883",
            "--resolver", "inbound", "--resolver", "dns.example.com", "--expect-ip", "10.0.1", "--host", "other.example.com", "--port-map", "8883:18883",
        ]), {}, env);
        expect(problems).to.deep.equal([
            "--samples \"0\": expected a whole number of queries from 1 to 100000",
            "--timeout \"2s\": expected a whole number of milliseconds from 1 to 600000",
            "--alpha \"1\": expected a probability above 0 and below 0.5, such as 0.001",
            "--port-map \"8883:18883\": expected <devicePort>=<localPort>, both 1..65535, such as 8883=18883",
            "--keepalive, --publish, --mqtt-port need a device certificate: add --cert <file> --key <file>",
            "--keepalive 231: VPC endpoints cut MQTT keep-alives above 230 s to 230 s, so the device and the endpoint would disagree; use 230 or less",
            "--mqtt-port \"1883\": expected 8883 (MQTT over TLS) or 443 (MQTT with ALPN x-amzn-mqtt-ca)",
            "--publish \"a/#\": expected a topic name without wildcards (+, #), 1 to 256 bytes, such as my-thing/check",
            "--expect-ip \"10.0.1\": expected an IPv4 address, optionally =<endpoint>, such as 10.0.1.25 or 10.0.1.25=vpce-0abc",
            "--host other.example.com: no IPs to compare its answers with: give --expect-ip <ip> (repeatable), or --outputs with this name",
            "--resolver inbound: the outputs have no resolverIps; deploy with the inbound resolver (inboundResolver), or give its IP as --resolver <ip>",
            "--resolver \"dns.example.com\": expected an IPv4 address with an optional port (10.0.1.10, 127.0.0.1:5353), inbound or system",
        ]);
    });

    it("names an unknown flag and suggests the one meant", () => {
        expect(parseCommandLine(["--sample", "5"]).problems).to.deep.equal(["unknown option --sample: did you mean --samples?"]);
        expect(parseCommandLine(["outputs.json"]).problems[0]).to.match(/^unexpected argument "outputs\.json": every input is a flag/);
    });

    it("reports every argument problem at once, in order, and keeps reading the flags after an unknown one", () => {
        const p = parseCommandLine(["--sampels", "5", "--bogus", "x", "--json=yes", "stray", "-v", "--samples=7", "--host", "--all-ips", "--resolver"]);
        expect(p.problems).to.deep.equal([
            "unknown option --sampels: did you mean --samples?",
            "unknown option --bogus: see --help",
            "--json takes no value: write --json, not --json=yes",
            "unexpected argument \"stray\": every input is a flag (--outputs <file>, --host <name>)",
            "unknown option -v: see --help",
            "--host needs a value: --host <name>",
            "--resolver needs a value: --resolver <ip[:port]|inbound|system>",
        ]);
        expect(p.flags).to.deep.include({ samples: "7", allIps: true, json: false, host: [], resolver: [] });
    });

    it("takes a value that starts with a dash but is no flag (-, -5), and everything after -- as arguments", () => {
        expect(parseCommandLine(["--outputs", "-", "--samples", "-5"]).flags).to.deep.include({ outputs: "-", samples: "-5" });
        expect(parseCommandLine(["--", "--json"]).problems).to.deep.equal(["unexpected argument \"--json\": every input is a flag (--outputs <file>, --host <name>)"]);
    });
});

describe("check: dial map (test and diagnostic options)", () => {
    const { map } = parsePortMap(["8883=18883,443=18443"]);
    const { rules, problems } = parseConnect(["*=127.0.0.1", "10.0.1.5=127.0.0.2", "10.0.1.5:8883=127.0.0.3:40001"]);

    it("sends a connection to the most specific --connect rule, then --port-map", () => {
        expect(problems).to.deep.equal([]);
        const dial = { portMap: map, connect: rules };
        expect(dialFor("10.0.1.5", 8883, dial)).to.deep.equal({ address: "127.0.0.3", port: 40001, mapped: true });
        expect(dialFor("10.0.1.5", 443, dial)).to.deep.equal({ address: "127.0.0.2", port: 18443, mapped: true });
        expect(dialFor("10.0.2.5", 8443, dial)).to.deep.equal({ address: "127.0.0.1", port: 8443, mapped: true });
        expect(dialFor("10.0.2.5", 8443, { portMap: new Map(), connect: [] })).to.deep.equal({ address: "10.0.2.5", port: 8443, mapped: false });
    });

    it("refuses malformed rules", () => {
        expect(parseConnect(["10.0.1.5"]).problems).to.have.length(1);
        expect(parseConnect(["host.example.com=127.0.0.1"]).problems).to.have.length(1);
        expect(parsePortMap(["8883=99999"]).problems).to.have.length(1);
    });
});

describe("check: diagnoses", () => {
    const conn = { host: ATS, ip: "10.0.1.5", port: 8883, timeoutMs: 3000, trustLabel: "Amazon Root CA 1", customDomain: false };
    const dnsCtx = { host: ATS, resolverIps: ["10.0.1.10"], timeoutMs: 3000 };

    it("tells a closed port (refused) from a filtered one (timeout), both in security group terms", () => {
        expect(tlsFailure({ stage: "tcp", timedOut: false, errorCode: "ECONNREFUSED", clientCertPresented: false }, conn)!.cause).to.match(/^the security group is closed for port 8883/);
        expect(tlsFailure({ stage: "tcp", timedOut: true, clientCertPresented: false }, conn)!.cause).to.match(/^the endpoints' security group does not open TCP 8883 from this network/);
    });

    it("lists every certificate problem of one handshake", () => {
        const d = tlsFailure({ stage: "done", timedOut: false, alpn: "", chainError: "SELF_SIGNED_CERT_IN_CHAIN", nameError: "x", clientCertPresented: false,
            peer: { subject: "CN=proxy", altNames: "DNS:proxy", issuer: "CN=proxy CA", validTo: "" } }, { ...conn, port: 443, alpn: "x-amzn-mqtt-ca" })!;
        expect(d.summary).to.equal("UNTRUSTED, NAME MISMATCH, ALPN");
        expect(d.problem).to.contain(`does not cover ${ATS} (subject CN=proxy, names DNS:proxy, issuer CN=proxy CA)`);
    });

    it("says a device certificate refused in the handshake is not registered or not active", () => {
        expect(tlsFailure({ stage: "tls", timedOut: false, errorCode: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", clientCertPresented: true }, conn)!.cause).to.match(/not registered and ACTIVE in this account and region/);
        expect(tlsFailure({ stage: "tls", timedOut: false, errorCode: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", clientCertPresented: false }, conn)!.cause).to.match(/give --cert and --key/);
    });

    it("blames the device policy, with the endpoint id, for a refused or closed CONNECT", () => {
        const ctx = { ...conn, clientId: "thing-1", endpointId: "vpce-0abc" };
        expect(mqttConnectFailure({ stage: "connack", timedOut: false, closed: false, returnCode: 5 }, ctx)!.cause).to.match(/^the device policy does not allow iot:Connect for client id thing-1 through this endpoint: an aws:SourceVpce condition must list vpce-0abc/);
        expect(mqttConnectFailure({ stage: "connack", timedOut: false, closed: true }, ctx)!.cause).to.match(/^AWS IoT Core closes the connection when CONNECT is not authorized/);
        expect(mqttConnectFailure({ stage: "connected", timedOut: false, closed: false }, ctx)).to.equal(undefined);
    });

    it("counts the queries sent, not those planned, when an unreachable resolver stopped being asked", () => {
        const local = { label: "127.0.0.1:5353", address: "127.0.0.1", port: 5353, inbound: false };
        expect(dnsQueryFailure("ETIMEOUT", { failed: 3, sent: 3, planned: 20 }, { ...dnsCtx, resolver: local }).problem)
            .to.equal("no answer from 127.0.0.1:5353 within 3000 ms (all 3 queries sent; the other 17 of 20 were not sent once those failed)");
        expect(dnsQueryFailure("ECONNREFUSED", { failed: 5, sent: 8, planned: 20 }, { ...dnsCtx, resolver: local }).problem)
            .to.equal("nothing serves DNS at 127.0.0.1:5353: connection refused (5 of the 8 queries sent; the other 12 of 20 were not sent once those failed)");
        expect(dnsQueryFailure("ENOTFOUND", { failed: 1, sent: 1, planned: 1 }, { ...dnsCtx, resolver: local }).problem)
            .to.equal(`127.0.0.1:5353 says ${ATS} does not exist (NXDOMAIN, 1 query)`);
    });

    it("blames the port the resolver was asked on, not UDP 53", () => {
        const local = { label: "127.0.0.1:5353", address: "127.0.0.1", port: 5353, inbound: false };
        expect(dnsQueryFailure("ETIMEOUT", { failed: 20, sent: 20, planned: 20 }, { ...dnsCtx, resolver: local }).cause)
            .to.equal("the resolver is down, its address or port is wrong, or UDP 5353 to it is blocked");
        const plain = { label: "10.9.9.9", address: "10.9.9.9", port: 53, inbound: false };
        expect(dnsQueryFailure("ETIMEOUT", { failed: 20, sent: 20, planned: 20 }, { ...dnsCtx, resolver: plain }).cause)
            .to.equal("the resolver is down, its address or port is wrong, or UDP 53 to it is blocked");
        const inboundElsewhere = { label: "10.0.1.10:5353 (inbound resolver)", address: "10.0.1.10", port: 5353, inbound: true };
        expect(dnsQueryFailure("ETIMEOUT", { failed: 8, sent: 8, planned: 8 }, { ...dnsCtx, resolver: inboundElsewhere }).cause)
            .to.equal("Route 53 Resolver inbound endpoints answer on port 53 only: query 10.0.1.10 without :5353");
    });

    it("says how far each endpoint is off its share without a doubled sign", () => {
        const s = skewCheck({ counts: new Map([["e1", 35], ["e2", 5]]), shares: new Map([["e1", 0.5], ["e2", 0.5]]), alpha: 0.001 })!;
        // chi-square (15^2 / 20) * 2 = 22.5 with 1 df: p = 2.1e-6
        expect(skewFailure(s, false, undefined)!.problem).to.equal("answers do not spread over the endpoints as the weights say (chi-square 22.5, df 1, p = 2.1e-6 < 0.001): "
            + "e1 over by 75% (35 of 40, expected 20.0); e2 under by 75% (5 of 40, expected 20.0)");
    });

    it("puts a stale record first, and the security group second, when every port of an IP is closed", () => {
        const d = allPortsClosed({ ip: "10.0.1.5", ports: [{ port: 8883 }, { port: 443 }, { port: 8443 }] });
        expect(d).to.deep.equal({
            summary: "port closed",
            problem: "TCP 8883, 443 and 8443 are all closed at 10.0.1.5 (connection refused)",
            cause: "nothing accepts connections on any device port at 10.0.1.5, so it is most likely no longer an endpoint network interface: a stale record "
                + "(the outputs are older than the records: save them again after `pulumi up`; or an interface was replaced: `pulumi refresh`, then `pulumi up`); "
                + "else the security group is closed for every device port (devicePorts, allowedCidrs)",
        });
        expect(allPortsClosed({ ip: "10.0.1.5", ports: [{ port: 8883, dialled: "127.0.0.1:4001" }, { port: 443, dialled: "127.0.0.1:4001" }] }).problem)
            .to.equal("TCP 8883 and 443 are both closed at 10.0.1.5 (dialled 127.0.0.1:4001) (connection refused)");
        expect(allPortsClosed({ ip: "10.0.1.5", ports: [{ port: 8883, dialled: "127.0.0.1:4001" }, { port: 443, dialled: "127.0.0.1:4002" }] }).problem)
            .to.equal("TCP 8883 and 443 are both closed at 10.0.1.5 (dialled 127.0.0.1:4001 for 8883, 127.0.0.1:4002 for 443) (connection refused)");
    });

    it("says where a DNS failure comes from: the inbound resolver's reachability, or forwarding", () => {
        const inbound = { label: "10.0.1.10 (inbound resolver)", address: "10.0.1.10", port: 53, inbound: true };
        expect(dnsQueryFailure("ETIMEOUT", { failed: 20, sent: 20, planned: 20 }, { ...dnsCtx, resolver: inbound }).cause).to.match(/inbound resolver is unreachable from here: its security group must allow UDP and TCP 53/);
        expect(dnsQueryFailure("ESERVFAIL", { failed: 2, sent: 20, planned: 20 }, { ...dnsCtx, resolver: { label: "system (10.9.9.9)", inbound: false } }).problem).to.equal(`system (10.9.9.9) failed to resolve ${ATS} (SERVFAIL, 2 of 20 queries)`);
    });
});

describe("check: embedded Amazon Root CA 1 and the report", () => {
    it("is Amazon Root CA 1, the certificate Node's own CA store holds under that name", () => {
        const cert = new X509Certificate(AMAZON_ROOT_CA_1_PEM);
        expect(cert.fingerprint256).to.equal(AMAZON_ROOT_CA_1_SHA256);
        expect(cert.subject).to.equal("C=US\nO=Amazon\nCN=Amazon Root CA 1");
        const inNode = tls.rootCertificates.map((p) => new X509Certificate(p)).find((c) => c.subject === cert.subject)!;
        expect(inNode.fingerprint256).to.equal(AMAZON_ROOT_CA_1_SHA256);
    });

    it("summarises passes and failures by check", () => {
        const report = (statuses: ["dns" | "tls", "pass" | "fail"][]): Report => ({
            ok: statuses.every(([, s]) => s === "pass"), durationMs: 1234, names: [], notes: [],
            summary: { checks: statuses.length, passed: statuses.filter(([, s]) => s === "pass").length, failed: statuses.filter(([, s]) => s === "fail").length, skipped: 0 },
            findings: statuses.map(([check, status]) => ({ check, status, host: ATS, summary: "" })),
        });
        expect(summaryLine(report([["dns", "pass"], ["tls", "pass"], ["tls", "pass"]]))).to.equal("PASS: all 3 checks passed (dns 1, tls 2) in 1.2 s");
        expect(summaryLine(report([["dns", "pass"], ["tls", "fail"], ["tls", "pass"]]))).to.equal("FAIL: 1 of 3 checks failed (tls 1), 2 passed in 1.2 s");
        expect(wrap("aaa bbb ccc", 7, "  ")).to.equal("aaa bbb\n  ccc");
    });
});

describe("check: Greengrass core devices (greengrassNucleusConfig)", () => {
    const CRED = "cd9319166ba2d6.credentials.iot.us-east-1.amazonaws.com";
    const env = { defaultClientId: "iotvpc-check-test", systemResolverLabel: "system (10.0.0.2)" };
    const nucleus = { awsRegion: "us-east-1", iotDataEndpoint: ATS, iotCredEndpoint: CRED, greengrassDataPlaneEndpoint: "iotdata", greengrassDataPlanePort: 8443, s3EndpointType: "REGIONAL" };
    const mqtt = { protocol: "mqtt", port: 8883 };
    const mqttAlpn = { protocol: "mqtt-alpn", port: 443, alpn: "x-amzn-mqtt-ca" };
    const https = { protocol: "https", port: 443 };
    const clientCert = { protocol: "https-client-cert", port: 8443 };
    /** Outputs as the component exports them with greengrass: true (devicePorts 8883, 443 and 8443 unless `ports` says otherwise). */
    const greengrassOutputs = (over: Record<string, unknown> = {}, atsProtocols: object[] = [mqtt, mqttAlpn, https, clientCert]) => ({
        dataEndpoint: ATS,
        records: [
            { name: ATS, setIdentifier: "ep1-subnet-a", weight: 1, endpointId: "vpce-1", values: ["10.0.1.5"], subnetIds: ["subnet-a"], kind: "a", ttl: 60 },
            { name: CRED, setIdentifier: "cred1-subnet-a", weight: 1, endpointId: "vpce-9", values: ["10.0.1.9"], subnetIds: ["subnet-a"], kind: "a", ttl: 60 },
        ],
        connectionSettings: [
            { host: ATS, kind: "ats", protocols: atsProtocols, rootCa: "https://www.amazontrust.com/repository/AmazonRootCA1.pem", keepAliveSeconds: 230 },
            { host: CRED, kind: "credentials", protocols: [{ protocol: "https-client-cert", port: 443 }], rootCa: "https://www.amazontrust.com/repository/AmazonRootCA1.pem", keepAliveSeconds: 230 },
        ],
        greengrassNucleusConfig: nucleus,
        ...over,
    });
    const flags = (argv: string[]): Flags => parseCommandLine(argv).flags;
    const build = (outputs: unknown, argv: string[] = []) => {
        const parsed = parseStackOutputs(outputs);
        expect(parsed.problems).to.deep.equal([]);
        const built = buildOptions(flags(argv), { outputs: parsed.outputs }, env);
        expect(built.problems).to.deep.equal([]);
        return built.options!;
    };

    it("reads the credential provider's name from connectionSettings when the stack exports no credentialsEndpoint, and the nucleus configuration", () => {
        const { outputs: o } = parseStackOutputs(greengrassOutputs());
        expect(o!.names.map((n) => [n.host, n.kind, n.records.map((r) => r.endpointId)])).to.deep.equal([[ATS, "ats", ["vpce-1"]], [CRED, "credentials", ["vpce-9"]]]);
        expect(o!.greengrass).to.deep.equal({ iotDataEndpoint: ATS, iotCredEndpoint: CRED, dataPlanePort: 8443 });
    });

    it("takes a records-only name under credentials.iot for the credential provider's", () => {
        const { outputs: o } = parseStackOutputs({ ...greengrassOutputs(), connectionSettings: undefined });
        expect(o!.names.map((n) => [n.host, n.kind])).to.deep.equal([[ATS, "ats"], [CRED, "credentials"]]);
    });

    it("names every bad key of greengrassNucleusConfig, with the values it takes", () => {
        expect(parseStackOutputs(greengrassOutputs({ greengrassNucleusConfig: { ...nucleus, iotCredEndpoint: 5, greengrassDataPlanePort: 8080 } })).problems).to.deep.equal([
            "outputs.greengrassNucleusConfig.iotCredEndpoint: 5 is not a host name",
            "outputs.greengrassNucleusConfig.greengrassDataPlanePort: 8080 is not a port of the nucleus's data plane: 8443 or 443",
        ]);
        expect(parseStackOutputs(greengrassOutputs({ greengrassNucleusConfig: "iotdata" })).problems).to.deep.equal([
            "outputs.greengrassNucleusConfig: expected the object the component exports (iotDataEndpoint, iotCredEndpoint, greengrassDataPlanePort, ...)",
        ]);
        // a stack without greengrass exports nothing, or null
        expect(parseStackOutputs(greengrassOutputs({ greengrassNucleusConfig: null })).outputs!.greengrass).to.equal(undefined);
    });

    it("checks the credential provider's name on 443 without ALPN and without MQTT, trusting Amazon Root CA 1 like the data name", () => {
        const o = build(greengrassOutputs());
        expect(o.targets.map((t) => [t.host, t.kind, t.probes, t.mqtt, t.trust])).to.deep.equal([
            [ATS, "ats", [{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 8443 }], true, "amazon-root-ca-1"],
            [CRED, "credentials", [{ port: 443 }], false, "amazon-root-ca-1"],
        ]);
        expect(o.nucleus).to.deep.equal({
            dataPlanePort: 8443,
            names: [{ setting: "iotDataEndpoint", configured: ATS, expected: ATS }, { setting: "iotCredEndpoint", configured: CRED, expected: CRED }],
        });
        expect(o.notes).to.deep.equal([`TLS 8443 on ${ATS} is the port of the core devices' data plane calls (greengrassDataPlanePort 8443)`]);
    });

    it("checks a credential provider's --host without outputs on 443 only, without MQTT", () => {
        const { options } = buildOptions(flags(["--host", CRED, "--expect-ip", "10.0.1.9", "--ports", "8883,443"]), {}, env);
        expect(options!.targets.map((t) => [t.kind, t.probes, t.mqtt, t.trust])).to.deep.equal([["host", [{ port: 443 }], false, "amazon-root-ca-1"]]);
    });

    it("adds the data plane port to the data name when connectionSettings do not list it, and says so", () => {
        const o = build(greengrassOutputs({}, [mqtt, mqttAlpn, https]));
        expect(o.targets[0].probes).to.deep.equal([{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 8443 }]);
        expect(o.notes).to.deep.equal([`TLS 8443 on ${ATS} added: the core devices' data plane calls use greengrassDataPlanePort 8443, which connectionSettings do not list`]);
    });

    it("probes a data plane on 443 as the nucleus speaks it, HTTPS with ALPN x-amzn-http-ca, beside MQTT's ALPN", () => {
        const o = build(greengrassOutputs({ greengrassNucleusConfig: { ...nucleus, greengrassDataPlanePort: 443 } }, [mqtt, mqttAlpn, https]));
        expect(o.targets[0].probes).to.deep.equal([{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }, { port: 443, alpn: "x-amzn-http-ca" }]);
        expect(o.notes).to.deep.equal([`TLS 443 with ALPN x-amzn-http-ca on ${ATS} added: the core devices' data plane calls use greengrassDataPlanePort 443, which connectionSettings do not list`]);
    });

    it("leaves the data plane port out when --ports does, and says so", () => {
        const o = build(greengrassOutputs(), ["--ports", "8883,443"]);
        expect(o.targets.map((t) => t.probes)).to.deep.equal([[{ port: 8883 }, { port: 443, alpn: "x-amzn-mqtt-ca" }], [{ port: 443 }]]);
        expect(o.notes).to.deep.equal([`TLS 8443 on ${ATS} not probed: --ports leaves out greengrassDataPlanePort 8443, the port of the core devices' data plane calls`]);
    });

    it("names the configured and expected names of a mismatched configuration", () => {
        const o = build(greengrassOutputs({ greengrassNucleusConfig: { ...nucleus, iotCredEndpoint: "ffff1111.credentials.iot.us-east-1.amazonaws.com." } }));
        expect(o.nucleus!.names[1]).to.deep.equal({ setting: "iotCredEndpoint", configured: "ffff1111.credentials.iot.us-east-1.amazonaws.com", expected: CRED });
    });

    describe("judging the configuration's names against what resolved", () => {
        const target = (host: string, kind: "ats" | "credentials") => ({ host, kind, records: [record("r", "vpce-1", ["10.0.1.5"])], probes: [], mqtt: false, trust: "amazon-root-ca-1" as const });
        const targets = [target(ATS, "ats"), target(CRED, "credentials")];
        const resolved = (host: string, answered = 20) => ({ host, kind: "ats" as const, resolver: "10.0.1.10 (inbound resolver)", queries: 20, answered, ips: [] });
        const check = { dataPlanePort: 8443, names: [{ setting: "iotDataEndpoint" as const, configured: ATS, expected: ATS }, { setting: "iotCredEndpoint" as const, configured: CRED, expected: CRED }] };

        it("passes the names that every resolver answered with record IPs only", () => {
            expect(nucleusFindings(check, targets, [resolved(ATS), resolved(CRED)], [])).to.deep.equal([
                { check: "nucleus", status: "pass", host: ATS, setting: "iotDataEndpoint", summary: "resolves privately", detail: "every answer (1 resolver) was a record IP" },
                { check: "nucleus", status: "pass", host: CRED, setting: "iotCredEndpoint", summary: "resolves privately", detail: "every answer (1 resolver) was a record IP" },
            ]);
        });

        it("fails a name that is not the deployment's, naming the one to configure", () => {
            const other = "ffff1111.credentials.iot.us-east-1.amazonaws.com";
            const [, f] = nucleusFindings({ ...check, names: [check.names[0], { ...check.names[1], configured: other }] }, targets, [resolved(ATS), resolved(CRED)], []);
            expect(f).to.deep.equal({
                check: "nucleus", status: "fail", host: other, setting: "iotCredEndpoint", summary: "MISMATCH",
                problem: `greengrassNucleusConfig.iotCredEndpoint is ${other}, not ${CRED}, the credential provider name this deployment's private zone answers: `
                    + "core devices would ask a name no private zone of this deployment answers",
                cause: "the nucleus configuration was written for another account, region or stack, or edited by hand: "
                    + `set iotCredEndpoint to ${CRED} in the aws.greengrass.Nucleus configuration (the outputs' greengrassNucleusConfig after \`pulumi up\` has it) and deploy it to the core devices`,
            });
        });

        it("fails a configured name the outputs have no records for", () => {
            const [f] = nucleusFindings({ ...check, names: [{ setting: "iotDataEndpoint", configured: ATS }] }, [target(CRED, "credentials")], [resolved(CRED)], []);
            expect(f).to.deep.include({ status: "fail", summary: "NOT IN OUTPUTS" });
            expect(f.problem).to.equal(`greengrassNucleusConfig.iotDataEndpoint is ${ATS}, but the outputs have no records for it: no private zone of this deployment answers it`);
            expect(f.cause).to.equal("the stack does not export the data name and its records: export dataEndpoint, records and connectionSettings, and save the outputs again after `pulumi up`");
        });

        it("skips a name that --host left out, and one whose resolution failed", () => {
            expect(nucleusFindings(check, [targets[0]], [resolved(ATS)], [])[1]).to.deep.equal(
                { check: "nucleus", status: "skip", host: CRED, setting: "iotCredEndpoint", summary: "not checked", detail: "--host leaves it out" });
            const dnsFailed: Finding = { check: "answer", status: "fail", host: CRED, ip: "52.94.133.131", summary: "PUBLIC IP" };
            expect(nucleusFindings(check, targets, [resolved(ATS), resolved(CRED)], [dnsFailed])[1]).to.deep.equal(
                { check: "nucleus", status: "skip", host: CRED, setting: "iotCredEndpoint", summary: "skipped", detail: "it did not resolve privately: see its DNS problems" });
            expect(nucleusFindings(check, targets, [resolved(ATS), resolved(CRED, 0)], [])[1]).to.include({ status: "skip", summary: "skipped" });
        });
    });

    it("says which name an answer's IP belongs to when it is another checked name's record", () => {
        const d = answerFailure("not-a-record", "10.0.1.5", { answers: 3, queries: 20, addressKind: "private", isRecord: false, elsewhere: { host: ATS, endpointId: "vpce-1" } },
            { host: CRED, resolver: { label: "system (10.0.0.2)", inbound: false }, resolverIps: [], timeoutMs: 3000 });
        expect(d).to.deep.equal({
            summary: "NOT A RECORD",
            problem: `10.0.1.5 is a record IP of ${ATS} (vpce-1), not of ${CRED} (in 3 of 20 answers)`,
            cause: `the zone of ${CRED} has a record that points at another name's endpoint, which does not serve ${CRED}: `
                + "records made or changed outside this stack (an adopted zone), or the outputs are older than the records (save them again after `pulumi up`)",
        });
    });

    it("shows the configuration's verdicts and the notes in the text report, and counts nucleus checks", () => {
        const findings: Finding[] = [
            { check: "nucleus", status: "pass", host: ATS, setting: "iotDataEndpoint", summary: "resolves privately", detail: "every answer (1 resolver) was a record IP" },
            { check: "nucleus", status: "fail", host: "x.credentials.iot.us-east-1.amazonaws.com", setting: "iotCredEndpoint", summary: "MISMATCH", problem: "p", cause: "c" },
        ];
        const text = renderText({ ok: false, durationMs: 1000, names: [], notes: ["a note"], findings, summary: { checks: 2, passed: 1, failed: 1, skipped: 0 } });
        expect(text).to.equal("Greengrass nucleus configuration (greengrassNucleusConfig):\n"
            + `  iotDataEndpoint ${ATS}: resolves privately\n`
            + "  iotCredEndpoint x.credentials.iot.us-east-1.amazonaws.com: ✗ MISMATCH\n"
            + "Note: a note\n"
            + "\n"
            + "Problems (1):\n"
            + "1.  Greengrass nucleus  iotCredEndpoint x.credentials.iot.us-east-1.amazonaws.com\n"
            + "    p\n"
            + "    likely cause: c\n"
            + "\n"
            + "FAIL: 1 of 2 checks failed (nucleus 1), 1 passed in 1.0 s\n");
    });
});
