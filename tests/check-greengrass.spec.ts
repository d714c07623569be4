/**
 * `iotvpc-check` on a Greengrass site, end to end on loopback. The outputs come from the real component
 * with `greengrass: true` under the fake AWS account: the data name and the credential provider's name,
 * the records of both zones, `connectionSettings` and `greengrassNucleusConfig`. Route 53 on 127.0.0.1
 * answers both names from those records; TLS servers stand in for the data endpoints (8883 and 443 to an
 * MQTT broker, 443 with ALPN x-amzn-http-ca and 8443 for HTTPS) with a certificate for the data name, and
 * for the credential endpoints (443, HTTPS only) with a certificate for the credentials name; every one
 * requires a device certificate from the test CA, as the endpoints do.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";

import { Aedes } from "aedes";
import { expect } from "chai";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { runProgram } from "../simulation/harness";
import { FakeRoute53, Pem, RecordOut, check, closedPort, failed, issueCert, listen, makePki, only } from "./support/checkLab";
import { standardAccount } from "./support/fixtures";

/** What `pulumi stack output --json` prints for a stack that exports the component's outputs, Greengrass's included. */
async function greengrassOutputs(args: Partial<IotCoreVpcEndpointsArgs>): Promise<Record<string, unknown>> {
    const env = standardAccount();
    const run = await runProgram(env.account, () => {
        const iot = new IotCoreVpcEndpoints("site", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2, greengrass: true, ...args });
        return {
            dataEndpoint: iot.dataEndpoint, records: iot.records, connectionSettings: iot.connectionSettings, resolverIps: iot.resolverIps,
            endpointIds: iot.endpointIds, customDomains: iot.customDomains, greengrassNucleusConfig: iot.greengrassNucleusConfig,
        };
    });
    if (run.error) {
        throw run.error;
    }
    return JSON.parse(JSON.stringify(run.stackOutputs)) as Record<string, unknown>;
}

const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
const CRED = "cd9319166ba2d6.credentials.iot.us-east-1.amazonaws.com";
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The report with runs of whitespace as one space: problems and notes are wrapped. */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("iotvpc-check on a Greengrass site (loopback stand-ins)", function () {
    this.timeout(30_000);
    const servers: net.Server[] = [];
    let dir: string;
    let broker: Aedes;
    let dns: FakeRoute53;
    let dnsPort: number;
    let atsIps: string[];
    let credIps: string[];
    let credEndpoint: string;
    let atsRecords: RecordOut[];
    let ports: { mqtt: number; alpn: number; https: number; credentials: number; closed: number };
    /** Each handshake with the credential endpoints' stand-in: the SNI and the ALPN protocol selected. */
    const credentialsSeen: { servername: string | false | undefined; alpn: string | false | null }[] = [];
    /** The ALPN protocol of each handshake with the data endpoints' 443 stand-in. */
    const alpn443: (string | false | null)[] = [];
    const file = (name: string) => path.join(dir, name);
    /** The credential endpoints' IPs on 443 go to their stand-in, but for the `except` ones. */
    const credentialRoutes = (except: readonly string[] = []) => credIps.filter((ip) => !except.includes(ip)).flatMap((ip) => ["--connect", `${ip}:443=127.0.0.1:${ports.credentials}`]);
    /** The arguments every run shares: outputs, the loopback resolver, the test CA, the device certificate, the stand-ins. */
    const common = (outputs = "outputs.json", except: readonly string[] = []) => [
        "--outputs", file(outputs), "--resolver", `127.0.0.1:${dnsPort}`, "--ca", file("ca.pem"), "--timeout", "2000",
        "--cert", file("device.pem.crt"), "--key", file("device.pem.key"), "--client-id", "core-1",
        ...credentialRoutes(except), "--connect", "*=127.0.0.1", "--port-map", `8883=${ports.mqtt},443=${ports.alpn},8443=${ports.https}`,
    ];

    before(async () => {
        const outputs = await greengrassOutputs({});
        const on443 = await greengrassOutputs({ greengrassOptions: { dataPlanePort: 443 }, devicePorts: [8883, 443] });
        const records = outputs.records as RecordOut[];
        atsRecords = records.filter((r) => r.name === ATS);
        atsIps = atsRecords.flatMap((r) => r.values);
        credIps = records.filter((r) => r.name === CRED).flatMap((r) => r.values);
        credEndpoint = records.find((r) => r.name === CRED)!.endpointId;
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-check-gg-"));
        const write = (name: string, value: unknown) => fs.writeFileSync(file(name), typeof value === "string" ? value : JSON.stringify(value, null, 2));
        write("outputs.json", outputs);
        write("outputs-443.json", on443);
        const nucleus = outputs.greengrassNucleusConfig as Record<string, unknown>;
        write("outputs-mismatch.json", {
            ...outputs,
            greengrassNucleusConfig: { ...nucleus, iotDataEndpoint: "a3k7odshaiipe8.iot.us-east-1.amazonaws.com", iotCredEndpoint: "ffff1111ffff11.credentials.iot.us-east-1.amazonaws.com" },
        });

        const pki = await makePki(ATS);
        const credentials = await issueCert(CRED, pki.ca);
        write("ca.pem", pki.ca.cert);
        write("device.pem.crt", pki.device.cert);
        write("device.pem.key", pki.device.key);

        dns = new FakeRoute53(records);
        dnsPort = await dns.listen();
        broker = await Aedes.createBroker();
        const serverTls = (cert: Pem, extra: tls.TlsOptions = {}): tls.TlsOptions => ({ key: cert.key, cert: cert.cert, ca: [pki.ca.cert], requestCert: true, rejectUnauthorized: true, ...extra });
        const notFound = (s: tls.TLSSocket) => s.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
        const start = (s: net.Server) => {
            servers.push(s);
            return listen(s);
        };
        ports = {
            mqtt: await start(tls.createServer(serverTls(pki.server), (s) => broker.handle(s))),
            alpn: await start(tls.createServer(serverTls(pki.server, { ALPNProtocols: ["x-amzn-mqtt-ca", "x-amzn-http-ca"] }), (s) => {
                alpn443.push(s.alpnProtocol);
                if (s.alpnProtocol === "x-amzn-mqtt-ca") {
                    broker.handle(s);
                } else {
                    notFound(s);
                }
            })),
            https: await start(tls.createServer(serverTls(pki.server), notFound)),
            credentials: await start(tls.createServer(serverTls(credentials), (s) => {
                credentialsSeen.push({ servername: (s as tls.TLSSocket & { servername?: string | false }).servername, alpn: s.alpnProtocol });
                notFound(s);
            })),
            closed: await closedPort(),
        };
    });

    beforeEach(() => {
        dns.reset();
        credentialsSeen.length = 0;
        alpn443.length = 0;
    });

    after(async () => {
        dns?.close();
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
        await new Promise<void>((r) => (broker ? broker.close(() => r()) : r()));
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the outputs hold the credential provider's records and connection settings, and the nucleus configuration", () => {
        const outputs = JSON.parse(fs.readFileSync(file("outputs.json"), "utf8")) as Record<string, unknown>;
        expect(credIps).to.have.length(3);
        expect((outputs.connectionSettings as { host: string; kind: string; protocols: unknown[] }[]).map((s) => [s.host, s.kind]))
            .to.deep.equal([[ATS, "ats"], [CRED, "credentials"]]);
        expect(outputs.greengrassNucleusConfig).to.deep.include({ iotDataEndpoint: ATS, iotCredEndpoint: CRED, greengrassDataPlanePort: 8443 });
        // no credentialsEndpoint: stacks/program.ts exports it only with credentialsProvider, so the name comes from connectionSettings
        expect(outputs).to.not.have.property("credentialsEndpoint");
    });

    it("passes (exit 0): the credential provider's name in its own table, TLS on 443 with SNI its name and no ALPN at each of its IPs, the configuration's names resolved privately", async () => {
        const { code, stdout } = await check([...common(), "--samples", "30", "--all-ips"]);
        expect(code, stdout).to.equal(0);
        expect(stdout).to.contain(`\n${CRED} (credentials) via 127.0.0.1:${dnsPort}: 30 of 30 queries answered\n`);
        const credTable = stdout.slice(stdout.indexOf(`${CRED} (credentials)`), stdout.indexOf("Greengrass nucleus configuration"));
        expect(credTable).to.match(/^│ IP +│ endpoint \/ subnet +│ answers +│ DNS +│ TLS 443 +│$/m); // no MQTT column
        for (const ip of credIps) {
            expect(credTable).to.match(new RegExp(`^│ ${esc(ip)} +│ ${credEndpoint} +│ \\d+ \\(\\d+%\\) +│ ok +│ ok \\d+ ms +│$`, "m"));
        }
        expect(credentialsSeen).to.deep.equal(credIps.map(() => ({ servername: CRED, alpn: false })));
        expect(flat(stdout)).to.contain("Greengrass nucleus configuration (greengrassNucleusConfig): "
            + `iotDataEndpoint ${ATS}: resolves privately iotCredEndpoint ${CRED}: resolves privately `
            + `Note: TLS 8443 on ${ATS} is the port of the core devices' data plane calls (greengrassDataPlanePort 8443) PASS: `);
        expect(stdout).to.match(/^PASS: all 41 checks passed \(dns 2, answer 9, skew 1, tls 21, mqtt 6, nucleus 2\) in /m);
    });

    it("reports the credential provider's name as its own section in JSON too, with TLS findings and no MQTT", async () => {
        const { code, report } = await check([...common(), "--samples", "30", "--all-ips", "--json"]);
        expect(code).to.equal(0);
        expect(report!.names.map((n) => [n.host, n.kind, n.queries, n.answered])).to.deep.equal([[ATS, "ats", 30, 30], [CRED, "credentials", 30, 30]]);
        const mine = report!.findings.filter((f) => f.host === CRED);
        expect(mine.filter((f) => f.check === "tls").map((f) => [f.status, f.ip, f.port, f.alpn, f.endpointId])).to.have.deep.members(credIps.map((ip) => ["pass", ip, 443, undefined, credEndpoint]));
        expect(mine.filter((f) => f.check === "mqtt")).to.deep.equal([]);
        expect(report!.findings.filter((f) => f.check === "nucleus")).to.deep.equal([
            { check: "nucleus", status: "pass", host: ATS, setting: "iotDataEndpoint", summary: "resolves privately", detail: "every answer (1 resolver) was a record IP" },
            { check: "nucleus", status: "pass", host: CRED, setting: "iotCredEndpoint", summary: "resolves privately", detail: "every answer (1 resolver) was a record IP" },
        ]);
        expect(report!.notes).to.deep.equal([`TLS 8443 on ${ATS} is the port of the core devices' data plane calls (greengrassDataPlanePort 8443)`]);
    });

    it("probes a data plane on 443 with ALPN x-amzn-http-ca on every IP of the data name, which connectionSettings do not list, and says so", async () => {
        const { code, stdout } = await check([...common("outputs-443.json"), "--samples", "20", "--all-ips"]);
        expect(code, stdout).to.equal(0);
        // each IP: one handshake with MQTT's ALPN and one with HTTPS's (MQTT CONNECT goes to 8883)
        expect(alpn443.filter((a) => a === "x-amzn-http-ca")).to.have.length(6);
        expect(alpn443.filter((a) => a === "x-amzn-mqtt-ca")).to.have.length(6);
        expect(stdout).to.match(/^│ IP +│ endpoint \/ subnet +│ answers +│ DNS +│ TLS 8883 +│ TLS 443 +│ TLS 443 +│ MQTT +│$/m);
        expect(stdout).to.match(/^│ +│ +│ +│ +│ +│ x-amzn-mqtt-ca +│ x-amzn-http-ca +│ +│$/m);
        expect(flat(stdout)).to.contain(`Note: TLS 443 with ALPN x-amzn-http-ca on ${ATS} added: the core devices' data plane calls use greengrassDataPlanePort 443, which connectionSettings do not list `);
        expect(stdout).to.match(/^PASS: all 41 checks passed \(dns 2, answer 9, skew 1, tls 21, mqtt 6, nucleus 2\) in /m);
    });

    it("counts a port probed with two ALPN protocols once when every port of an IP is closed", async () => {
        const { code, stdout } = await check([...common("outputs-443.json"), "--samples", "20", "--all-ips", "--connect", `${atsIps[0]}=127.0.0.1:${ports.closed}`]);
        expect(code).to.equal(1);
        expect(flat(stdout)).to.contain(`1. TLS ${ATS} ${atsIps[0]} TCP 8883 and 443 are both closed at ${atsIps[0]} (dialled 127.0.0.1:${ports.closed}) (connection refused) `);
    });

    it("fails a nucleus configuration whose names are not the deployment's, naming the names to set (exit 1)", async () => {
        const { code, stdout } = await check([...common("outputs-mismatch.json"), "--samples", "20"]);
        expect(code).to.equal(1);
        const text = flat(stdout);
        expect(text).to.contain("Greengrass nucleus configuration (greengrassNucleusConfig): "
            + "iotDataEndpoint a3k7odshaiipe8.iot.us-east-1.amazonaws.com: ✗ MISMATCH iotCredEndpoint ffff1111ffff11.credentials.iot.us-east-1.amazonaws.com: ✗ MISMATCH ");
        expect(text).to.contain("Problems (2): "
            + "1. Greengrass nucleus iotDataEndpoint a3k7odshaiipe8.iot.us-east-1.amazonaws.com "
            + `greengrassNucleusConfig.iotDataEndpoint is a3k7odshaiipe8.iot.us-east-1.amazonaws.com, not ${ATS}, the data name this deployment's private zone answers: `
            + "core devices would ask a name no private zone of this deployment answers "
            + "likely cause: the nucleus configuration was written for another account, region or stack, or edited by hand: "
            + `set iotDataEndpoint to ${ATS} in the aws.greengrass.Nucleus configuration (the outputs' greengrassNucleusConfig after \`pulumi up\` has it) and deploy it to the core devices `
            + "2. Greengrass nucleus iotCredEndpoint ffff1111ffff11.credentials.iot.us-east-1.amazonaws.com "
            + `greengrassNucleusConfig.iotCredEndpoint is ffff1111ffff11.credentials.iot.us-east-1.amazonaws.com, not ${CRED}, the credential provider name this deployment's private zone answers: `
            + "core devices would ask a name no private zone of this deployment answers "
            + "likely cause: the nucleus configuration was written for another account, region or stack, or edited by hand: "
            + `set iotCredEndpoint to ${CRED} in the aws.greengrass.Nucleus configuration (the outputs' greengrassNucleusConfig after \`pulumi up\` has it) and deploy it to the core devices `
            + "FAIL: 2 of ");
    });

    it("fails when the credential provider's name answers a data endpoint's IP, says whose it is, and never dials it", async () => {
        const stray = atsRecords[0];
        dns.override = (n) => (n === 21 ? stray.values : undefined); // the first query for the credentials name; the data name's 20 come first
        const { code, report, stdout } = await check([...common(), "--samples", "20", "--json"]);
        expect(code, stdout).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "answer", host: CRED, ip: stray.values[0], summary: "NOT A RECORD" });
        expect(f.problem).to.equal(`${stray.values[0]} is a record IP of ${ATS} (${stray.endpointId}), not of ${CRED} (in 1 of 20 answers)`);
        expect(f.cause).to.equal(`the zone of ${CRED} has a record that points at another name's endpoint, which does not serve ${CRED}: `
            + "records made or changed outside this stack (an adopted zone), or the outputs are older than the records (save them again after `pulumi up`)");
        expect(report!.findings.filter((x) => x.host === CRED && x.ip === stray.values[0] && x.check === "tls")).to.deep.equal([]);
        expect(report!.findings.find((x) => x.check === "nucleus" && x.host === CRED)).to.deep.include({ status: "skip", detail: "it did not resolve privately: see its DNS problems" });
    });

    it("fails TLS at a credential endpoint IP that serves another name's certificate", async () => {
        const [ip] = credIps;
        const { code, report } = await check([...common("outputs.json", [ip]), "--samples", "20", "--all-ips", "--json", "--connect", `${ip}:443=127.0.0.1:${ports.https}`]);
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "tls", host: CRED, ip, port: 443, summary: "NAME MISMATCH" });
        expect(f.problem).to.equal(`the certificate at ${ip}:443 (dialled 127.0.0.1:${ports.https}) does not cover ${CRED} (subject CN=${ATS}, names DNS:${ATS}, issuer CN=iotvpc-check test CA)`);
    });

    it("verifies the credential provider's certificate against Amazon Root CA 1 without --ca, as the data name's; --host leaves the data name's setting unchecked", async () => {
        const args = common().filter((a, i, all) => a !== "--ca" && all[i - 1] !== "--ca");
        const { code, report } = await check([...args, "--host", CRED, "--samples", "20", "--all-ips", "--json"]);
        expect(code).to.equal(1);
        const untrusted = failed(report!);
        expect(untrusted.map((f) => [f.check, f.host, f.summary])).to.deep.equal(credIps.map(() => ["tls", CRED, "UNTRUSTED"]));
        for (const f of untrusted) {
            expect(f.problem).to.match(new RegExp(`^the certificate at ${esc(f.ip!)}:443 \\(dialled 127\\.0\\.0\\.1:${ports.credentials}\\) does not verify against Amazon Root CA 1: [A-Z_]+ \\(subject CN=${esc(CRED)},`));
        }
        expect(report!.findings.filter((f) => f.check === "nucleus").map((f) => [f.setting, f.status, f.summary, f.detail])).to.deep.equal([
            ["iotDataEndpoint", "skip", "not checked", "--host leaves it out"],
            ["iotCredEndpoint", "pass", "resolves privately", "every answer (1 resolver) was a record IP"],
        ]);
    });

    it("skips the credentials setting when its name does not resolve, and says why in the configuration's section", async () => {
        const dataOnly = new FakeRoute53(atsRecords); // a resolver that does not see the credentials zone
        const port = await dataOnly.listen();
        try {
            const { code, stdout } = await check([...common(), "--resolver", `127.0.0.1:${port}`, "--samples", "20"].filter((a, i, all) => !(a === `127.0.0.1:${dnsPort}` || (a === "--resolver" && all[i + 1] === `127.0.0.1:${dnsPort}`))));
            expect(code).to.equal(1);
            expect(stdout).to.contain(`  iotCredEndpoint ${CRED}: (skipped) it did not resolve privately: see its DNS problems\n`);
            expect(flat(stdout)).to.contain(`DNS query ${CRED} via 127.0.0.1:${port} 127.0.0.1:${port} says ${CRED} does not exist (NXDOMAIN, all 20 queries)`);
        } finally {
            dataOnly.close();
        }
    });
});
