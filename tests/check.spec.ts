/**
 * `iotvpc-check` end to end on loopback. The records and connection settings come from the real
 * component run under the fake AWS account; a DNS server on 127.0.0.1 answers the ATS name with them as
 * Route 53 does (one weighted record per query); TLS servers with a certificate for the ATS name from a
 * test CA stand in for the endpoints' network interfaces on 8883, 443 (ALPN x-amzn-mqtt-ca) and 8443,
 * and an MQTT broker (aedes) behind 8883 and 443 requires a device certificate from that CA. The command
 * reaches them with its documented test options (`--connect *=127.0.0.1`, `--port-map`). Nothing leaves
 * the machine: every record IP is dialled on loopback, and answers that are no record are never dialled.
 */
import { ChildProcess, spawn } from "child_process";
import * as dgram from "dgram";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import * as tls from "tls";

import { expect } from "chai";
import * as ts from "typescript";
import { Aedes } from "aedes";

import { main } from "../check/cli";
import { renderText } from "../check/report";
import { IotCoreVpcEndpoints } from "../components";
import { runProgram } from "../simulation/harness";
import { FakeRoute53, Pem, RecordOut, check, closedPort, failed, listen, makePki, only } from "./support/checkLab";
import { ipInSubnet, standardAccount } from "./support/fixtures";

const ROOT = path.resolve(__dirname, "..");

// ---- glue: the component's outputs under the fake account (the simulated account and harness) ----------

/**
 * What `pulumi stack output --json` prints for a stack that exports the component's outputs: the real
 * component, two endpoints over three subnets (six per-ENI records), with an inbound resolver.
 */
async function deployedOutputs(): Promise<{ outputs: Record<string, unknown>; subnetOf: (ip: string) => string | undefined }> {
    const env = standardAccount();
    const run = await runProgram(env.account, () => {
        const iot = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2, inboundResolver: {} });
        return {
            dataEndpoint: iot.dataEndpoint, records: iot.records, connectionSettings: iot.connectionSettings,
            resolverIps: iot.resolverIps, endpointIds: iot.endpointIds, customDomains: iot.customDomains,
        };
    });
    if (run.error) {
        throw run.error;
    }
    const subnetOf = (ip: string) => env.subnets.find((s) => ipInSubnet(ip, s))?.id;
    return { outputs: JSON.parse(JSON.stringify(run.stackOutputs)) as Record<string, unknown>, subnetOf };
}

/**
 * The command compiled to JavaScript the way `npm run build` lays it out (bin/check/, with the one
 * component module it reads), without type-checking (`npm test` type-checks): a child process then
 * starts in a fraction of the time ts-node takes. Returns the entry point.
 */
function compileCli(): string {
    const out = path.join(ROOT, "bin", "check-spec");
    const sources = [...fs.readdirSync(path.join(ROOT, "check")).filter((f) => f.endsWith(".ts")).map((f) => path.join("check", f)), path.join("components", "limits.ts")];
    for (const rel of sources) {
        const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), "utf8"), {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
        }).outputText;
        fs.mkdirSync(path.join(out, path.dirname(rel)), { recursive: true });
        fs.writeFileSync(path.join(out, rel.replace(/\.ts$/, ".js")), js);
    }
    return path.join(out, "check", "cli.js");
}

/** Runs the compiled command as a child process, as `npx iotvpc-check` would, from `cwd`. */
function runCli(cli: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child: ChildProcess = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d) => (stdout += d));
        child.stderr!.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("iotvpc-check on loopback stand-ins", function () {
    this.timeout(30_000);
    const servers: net.Server[] = [];
    let dir: string;
    let outputs: Record<string, unknown>;
    let records: RecordOut[];
    let host: string;
    let ips: string[];
    let dns: FakeRoute53;
    let dnsPort: number;
    let silent: dgram.Socket;
    let silentPort: number;
    let broker: Aedes;
    const published: { clientId: string; topic: string }[] = [];
    /** The ALPN protocol of each connection to the 443 stand-in. */
    const alpnSeen: (string | false | null)[] = [];
    let ports: { mqtt: number; alpn: number; https: number; wrongName: number; closed: number };
    let subnetOf: (ip: string) => string | undefined;
    /** Arguments every run shares: the outputs, the loopback resolver, the test CA, the stand-ins (files in `at`). */
    let common: (at?: string) => string[];
    /** A file the test wrote. */
    const file = (name: string) => path.join(dir, name);
    let cli: string;

    before(async function () {
        cli = compileCli();
        const deployed = await deployedOutputs();
        outputs = deployed.outputs;
        subnetOf = deployed.subnetOf;
        records = outputs.records as RecordOut[];
        host = outputs.dataEndpoint as string;
        ips = records.flatMap((r) => r.values);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-check-"));
        fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(outputs, null, 2));

        const pki = await makePki(host);
        fs.writeFileSync(path.join(dir, "ca.pem"), pki.ca.cert);
        for (const [name, p] of [["device", pki.device], ["rogue", pki.rogue]] as const) {
            fs.writeFileSync(path.join(dir, `${name}.pem.crt`), p.cert);
            fs.writeFileSync(path.join(dir, `${name}.pem.key`), p.key);
        }

        dns = new FakeRoute53(records);
        dnsPort = await dns.listen();
        silent = dgram.createSocket("udp4"); // a resolver that never answers
        silentPort = await new Promise<number>((r) => silent.bind(0, "127.0.0.1", () => r(silent.address().port)));

        broker = await Aedes.createBroker();
        // the device policy of this stand-in: any client id but one
        broker.authenticate = (client, _user, _password, done) => {
            if (client.id === "not-in-policy") {
                done(Object.assign(new Error("not authorized"), { returnCode: 5 as const }), false);
            } else {
                done(null, true);
            }
        };
        broker.on("publish", (packet, client) => {
            if (client) {
                published.push({ clientId: client.id, topic: packet.topic });
            }
        });
        const serverTls = (cert: Pem, extra: tls.TlsOptions = {}): tls.TlsOptions => ({ key: cert.key, cert: cert.cert, ca: [pki.ca.cert], requestCert: true, rejectUnauthorized: true, ...extra });
        const start = (s: net.Server) => {
            servers.push(s);
            return listen(s);
        };
        ports = {
            mqtt: await start(tls.createServer(serverTls(pki.server), (s) => broker.handle(s))),
            alpn: await start(tls.createServer(serverTls(pki.server, { ALPNProtocols: ["x-amzn-mqtt-ca"] }), (s) => {
                alpnSeen.push(s.alpnProtocol);
                broker.handle(s);
            })),
            https: await start(tls.createServer(serverTls(pki.server), (s) => s.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"))),
            wrongName: await start(tls.createServer(serverTls(pki.wrongName), (s) => s.end())),
            closed: await closedPort(),
        };
        common = (at = dir) => [
            "--outputs", path.join(at, "outputs.json"), "--resolver", `127.0.0.1:${dnsPort}`, "--ca", path.join(at, "ca.pem"),
            "--connect", "*=127.0.0.1", "--port-map", `8883=${ports.mqtt},443=${ports.alpn},8443=${ports.https}`, "--timeout", "2000",
        ];
    });

    beforeEach(() => {
        dns.reset();
        published.length = 0;
        alpnSeen.length = 0;
    });

    after(async () => {
        dns?.close();
        silent?.close();
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
        await new Promise<void>((r) => (broker ? broker.close(() => r()) : r()));
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        fs.rmSync(path.dirname(path.dirname(cli)), { recursive: true, force: true });
    });

    it("the component's records say which endpoint and subnet each IP belongs to, and the ports and ALPN to test", () => {
        expect(records).to.have.length(6);
        for (const r of records) {
            expect(r).to.include({ name: host, kind: "a", weight: 1, ttl: 60 });
            expect(r.values).to.have.length(1);
            expect(r.subnetIds).to.deep.equal([subnetOf(r.values[0])]);
            expect(outputs.endpointIds).to.include(r.endpointId);
        }
        const settings = (outputs.connectionSettings as { host: string; protocols: { port: number; alpn?: string }[] }[])[0];
        expect(settings.host).to.equal(host);
        expect(settings.protocols).to.deep.include({ protocol: "mqtt-alpn", port: 443, alpn: "x-amzn-mqtt-ca" });
    });

    it("passes (exit 0) when every answer is a record IP and TLS, MQTT CONNECT and PUBLISH work on every IP (command line)", async () => {
        const args = [...common("."), "--samples", "60", "--cert", "device.pem.crt", "--key", "device.pem.key", "--client-id", "device-1", "--publish", "device-1/check"];
        const started = Date.now();
        const r = await runCli(cli, args, dir);
        keepTranscript("passing", args, r);
        expect(r.code, r.stdout + r.stderr).to.equal(0);
        expect(r.stdout).to.match(/^PASS: all \d+ checks passed \(dns 1, answer 6, skew 1, tls 18, mqtt 6, publish 6\)/m);
        for (const ip of ips) {
            expect(r.stdout).to.contain(ip);
        }
        expect(r.stdout).to.match(/Spread over endpoints, 60 answers \(chi-square/);
        expect(r.stderr).to.match(/^DNS {2}.* via 127\.0\.0\.1:\d+: 60 queries$/m); // progress, on stderr
        // the broker saw the six connections, through both stand-in ports' broker
        expect(published).to.have.length(6);
        expect(published.every((p) => p.clientId === "device-1" && p.topic === "device-1/check")).to.equal(true);
        expect(Date.now() - started).to.be.below(15_000);
    });

    it("fails (exit 1) on a public answer (the private zone is not attached to the VPC whose resolver answered) and a closed port (command line)", async () => {
        dns.override = (n) => (n === 3 ? ["52.94.133.131"] : undefined);
        const args = [...common("."), "--samples", "20", "--connect", `${ips[0]}:8883=127.0.0.1:${ports.closed}`];
        const r = await runCli(cli, args, dir);
        keepTranscript("failing", args, r);
        expect(r.code, r.stdout + r.stderr).to.equal(1);
        const text = r.stdout.replace(/\s+/g, " "); // the problem and its cause are wrapped
        expect(text).to.contain(`${host} resolved to 52.94.133.131, a public address (in 1 of 20 answers)`);
        expect(text).to.match(new RegExp(`likely cause: the resolver 127\\.0\\.0\\.1:${dnsPort} does not see the private zone: if it is the VPC's resolver, the zone ${host.replace(/\./g, "\\.")} is not associated with that VPC`));
        expect(text).to.contain(`TCP 8883 is closed at ${ips[0]}:8883 (dialled 127.0.0.1:${ports.closed}) (connection refused) likely cause: the security group is closed for port 8883`);
        expect(r.stdout).to.match(/^FAIL: 2 of \d+ checks failed \(answer 1, tls 1\)/m);
        expect(r.stdout).to.match(/^│ 52\.94\.133\.131 +│ \(no record\) +│ 1 \(5%\) +│ ✗ PUBLIC IP │ - +│ - +│ - +│$/m); // never dialled
    });

    it("connects MQTT on 443 with ALPN x-amzn-mqtt-ca when asked, with the keep-alive from the outputs", async () => {
        const { code, report } = await check([...common(), "--samples", "20", "--all-ips", "--json", "--ports", "443", "--mqtt-port", "443", "--cert", file("device.pem.crt"), "--key", file("device.pem.key"), "--client-id", "device-1"]);
        expect(code, JSON.stringify(failed(report!), null, 2)).to.equal(0);
        const mqtt = report!.findings.filter((f) => f.check === "mqtt");
        expect(mqtt.map((f) => [f.status, f.port, f.alpn, f.detail])).to.deep.equal(ips.map(() => ["pass", 443, "x-amzn-mqtt-ca", "client id device-1, keep-alive 230 s"]));
        expect(alpnSeen).to.deep.equal([...ips, ...ips].map(() => "x-amzn-mqtt-ca")); // six TLS probes, six MQTT connections
    });

    it("fails on an answer that is no record IP (dead or foreign), and never dials it", async () => {
        dns.override = (n) => (n === 1 ? ["10.20.250.250"] : undefined);
        const { code, report } = await check([...common(), "--samples", "20", "--json"]);
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "answer", ip: "10.20.250.250", summary: "NOT A RECORD" });
        expect(f.problem).to.equal("10.20.250.250 is a private address but none of the deployment's record IPs (in 1 of 20 answers)");
        expect(f.cause).to.match(/a record points at a dead or foreign IP/);
        expect(report!.findings.filter((x) => x.ip === "10.20.250.250" && x.check === "tls")).to.deep.equal([]);
    });

    it("notes the answers left out of the spread: those with an IP that is no record, and those of several endpoints", async () => {
        const [a, b] = outputs.endpointIds as string[];
        const mixed = [records.find((r) => r.endpointId === a)!.values[0], records.find((r) => r.endpointId === b)!.values[0]];
        dns.override = (n) => (n <= 2 ? ["10.20.250.250"] : n === 3 ? mixed : undefined);
        const { code, stdout } = await check([...common(), "--samples", "20", "--ports", "8883"]);
        expect(code).to.equal(1);
        expect(stdout).to.match(/^Spread over endpoints, 17 answers \(chi-square /m);
        expect(stdout).to.contain("\n  note: 2 of 20 answers held an IP that is no record and were not counted; "
            + "1 of 20 answers held IPs of several endpoints and was not counted\n");
    });

    it("reports an IP with every device port closed once, a stale record first, and skips its MQTT check", async () => {
        const args = [...common(), "--samples", "20", "--all-ips", "--connect", `${ips[0]}=127.0.0.1:${ports.closed}`, "--cert", file("device.pem.crt"), "--key", file("device.pem.key"), "--client-id", "device-1"];
        const { code, stdout } = await check(args);
        expect(code, stdout).to.equal(1);
        const text = stdout.replace(/\s+/g, " "); // the problem and its cause are wrapped
        expect(text).to.contain(`Problems (1): 1. TLS ${host} ${ips[0]} `
            + `TCP 8883, 443 and 8443 are all closed at ${ips[0]} (dialled 127.0.0.1:${ports.closed}) (connection refused) `
            + `likely cause: nothing accepts connections on any device port at ${ips[0]}, so it is most likely no longer an endpoint network interface: a stale record `
            + "(the outputs are older than the records: save them again after `pulumi up`; or an interface was replaced: `pulumi refresh`, then `pulumi up`); "
            + "else the security group is closed for every device port (devicePorts, allowedCidrs) FAIL: 1 of ");
        expect(stdout).to.match(/^FAIL: 1 of \d+ checks failed \(tls 1\), \d+ passed, 1 skipped in /m);
        // each TLS column of the row says why, and MQTT was not attempted
        expect(stdout).to.match(new RegExp(`^│ ${ips[0].replace(/\./g, "\\.")} +│ vpce-[0-9a-f]+ +│ [^│]+│ [^│]+│ ✗ port closed +│ ✗ port closed +│ ✗ port closed +│ \\(skipped\\) +│$`, "m"));
    });

    it("fails on a closed port: the security group is closed for it", async () => {
        const { code, report } = await check([...common(), "--samples", "20", "--all-ips", "--json", "--connect", `${ips[0]}:443=127.0.0.1:${ports.closed}`]);
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "tls", ip: ips[0], port: 443, summary: "port closed" });
        expect(f.problem).to.equal(`TCP 443 is closed at ${ips[0]}:443 (dialled 127.0.0.1:${ports.closed}) (connection refused)`);
        expect(f.cause).to.match(/^the security group is closed for port 443/);
        expect(report!.findings.filter((x) => x.check === "tls" && x.status === "pass")).to.have.length(17);
    });

    it("fails on a certificate that does not cover the name", async () => {
        const { code, report } = await check([...common(), "--samples", "20", "--all-ips", "--json", "--connect", `${ips[1]}:8883=127.0.0.1:${ports.wrongName}`]);
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "tls", ip: ips[1], port: 8883, summary: "NAME MISMATCH" });
        expect(f.problem).to.match(new RegExp(`does not cover ${host.replace(/\./g, "\\.")} \\(subject CN=wrong\\.example\\.com`));
        expect(f.cause).to.match(/stale or foreign record/);
    });

    it("fails when the broker refuses CONNECT (CONNACK 5): the device policy", async () => {
        const { code, report } = await check([...common(), "--samples", "20", "--all-ips", "--json", "--cert", file("device.pem.crt"), "--key", file("device.pem.key"), "--client-id", "not-in-policy"]);
        expect(code).to.equal(1);
        const refusals = failed(report!);
        expect(refusals).to.have.length(6);
        for (const f of refusals) {
            expect(f).to.include({ check: "mqtt", summary: "refused (5)" });
            expect(f.problem).to.match(/refused CONNECT: CONNACK 5 \(not authorized\)$/);
            expect(f.cause).to.match(new RegExp(`device policy does not allow iot:Connect for client id not-in-policy through this endpoint: an aws:SourceVpce condition must list ${f.endpointId}`));
        }
        expect(report!.findings.filter((x) => x.check === "tls" && x.status === "pass")).to.have.length(18);
    });

    it("fails when the server refuses the device certificate (another CA)", async () => {
        const { code, report } = await check([...common(), "--samples", "20", "--all-ips", "--json", "--ports", "8883", "--cert", file("rogue.pem.crt"), "--key", file("rogue.pem.key")]);
        expect(code).to.equal(1);
        const refused = failed(report!);
        expect(refused.map((f) => [f.check, f.port, f.summary])).to.deep.equal(ips.map(() => ["tls", 8883, "cert refused"]));
        expect(refused[0].cause).to.match(/^the server refused the device certificate: it is not registered and ACTIVE/);
        expect(report!.findings.filter((x) => x.check === "mqtt").map((x) => x.status)).to.deep.equal(ips.map(() => "skip"));
    });

    it("fails within the timeout when the resolver does not answer", async () => {
        const started = Date.now();
        const { code, report } = await check([...common(), "--resolver", `127.0.0.1:${silentPort}`, "--timeout", "400", "--json"]);
        const elapsed = Date.now() - started;
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "dns", summary: "timeout" });
        // eight queries in flight at once all time out; the other twelve are not sent
        expect(f.problem).to.equal(`no answer from 127.0.0.1:${silentPort} within 400 ms (all 8 queries sent; the other 12 of 20 were not sent once those failed)`);
        expect(f.cause).to.equal(`the resolver is down, its address or port is wrong, or UDP ${silentPort} to it is blocked`);
        expect(renderText(report!)).to.contain(`${host} (ats) via 127.0.0.1:${silentPort}: 0 of 8 queries answered\n`);
        expect(elapsed).to.be.below(2000);
    });

    it("fails when answers favour one endpoint beyond chance, naming it and by how much", async () => {
        const endpointIds = outputs.endpointIds as string[];
        dns.skew = { endpointId: endpointIds[0], factor: 2 }; // two thirds instead of half
        const { code, report } = await check([...common(), "--samples", "300", "--ports", "8883", "--json"]);
        expect(code).to.equal(1);
        const f = only(failed(report!));
        expect(f).to.include({ check: "skew", summary: "SKEWED" });
        expect(f.problem).to.match(new RegExp(`chi-square [\\d.]+, df 1, p = [\\d.e-]+ < 0\\.001\\): ${endpointIds[0]} over by \\d+% \\(\\d+ of 300, expected 150\\.0\\); ${endpointIds[1]} under by \\d+% \\(\\d+ of 300, expected 150\\.0\\)$`));
        const skew = report!.names[0].skew!;
        expect(skew.endpoints.find((e) => e.endpointId === endpointIds[0])!.observedShare).to.be.within(0.6, 0.73);
    });

    it("refuses (exit 2) an unknown flag together with every other argument problem", async () => {
        const { code, stdout, stderr } = await check(["--outputs", file("outputs.json"), "--sampels", "5", "--timeout", "2s"]);
        expect(code).to.equal(2);
        expect(stdout).to.equal("");
        expect(stderr).to.equal("iotvpc-check: usage error\n"
            + "  - unknown option --sampels: did you mean --samples?\n"
            + "  - --timeout \"2s\": expected a whole number of milliseconds from 1 to 600000\n"
            + "Run iotvpc-check --help for every option.\n");
    });

    it("does not wait on a pipe for outputs when the command line has a mistake", async () => {
        let stderr = "";
        const never = new PassThrough(); // a stdin pipe that never closes
        const code = await Promise.race([
            main(["--output", "outputs.json"], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, stdin: never }),
            new Promise((resolve) => setTimeout(() => resolve("still waiting after 2 s"), 2000)),
        ]);
        expect(code).to.equal(2);
        expect(stderr).to.equal("iotvpc-check: usage error\n"
            + "  - unknown option --output: did you mean --outputs?\n"
            + "  - nothing to check: give the stack's outputs (--outputs outputs.json, from `pulumi stack output --json`) or --host <name> with --expect-ip <ip>\n"
            + "Run iotvpc-check --help for every option.\n");
    });

    it("says in --help that TLS and MQTT go only to record IPs the answers held", async () => {
        const { code, stdout } = await check(["--help"]);
        expect(code).to.equal(0);
        const text = stdout.replace(/\s+/g, " ");
        expect(text).to.contain("TLS completes on every device port of every record IP answered, with a certificate that covers the name; "
            + "and, with a device certificate, MQTT CONNECT (and PUBLISH) succeed through every endpoint. An answer that is no record IP is reported and never dialled.");
        expect(text).to.contain("--all-ips Also test record IPs no answer contained.");
    });

    it("refuses (exit 2) a keep-alive above the 230 s VPC endpoints honour, naming the flag", async () => {
        const { code, stderr } = await check([...common(), "--cert", file("device.pem.crt"), "--key", file("device.pem.key"), "--keepalive", "300"]);
        expect(code).to.equal(2);
        expect(stderr).to.contain("--keepalive 300: VPC endpoints cut MQTT keep-alives above 230 s to 230 s");
    });
});

/** With IOTVPC_CHECK_TRANSCRIPTS=<dir>, keeps a child run's command and output (the README's transcripts). */
function keepTranscript(name: string, args: readonly string[], r: { code: number | null; stdout: string; stderr: string }): void {
    const out = process.env.IOTVPC_CHECK_TRANSCRIPTS;
    if (out) {
        fs.mkdirSync(out, { recursive: true });
        const quoted = args.map((a) => (/[*\s]/.test(a) ? `'${a}'` : a)).join(" ");
        fs.writeFileSync(path.join(out, `${name}.txt`), `$ iotvpc-check ${quoted}\n${r.stderr}${r.stdout}(exit ${r.code})\n`);
    }
}
