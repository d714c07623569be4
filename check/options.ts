/**
 * Pure command-line handling of `iotvpc-check`: the usage text, parsing the arguments, and building the
 * checks from them and the stack's outputs. Every problem names the flag, the bad value and the fix;
 * all of them are reported at once. Reads no file and opens no socket: the CLI hands in file contents.
 */
import { MQTT_KEEP_ALIVE_MAX_SECONDS } from "../components/limits";
import { parseCidr, parseIpv4 } from "./classify";
import { parseConnect, parsePortMap } from "./dial";
import { nucleusNames, withDataPlaneProbe } from "./greengrass";
import { OutputName, ParsedOutputs, defaultProbes, isCredentialsName, normalizeHost } from "./outputs";
import { CheckOptions, ExpectedRecord, NameKind, NameTarget, ResolverSpec, TrustSource } from "./types";

/** Defaults, stated once (the usage text quotes them). */
export const DEFAULTS = {
    samples: 20,
    intervalMs: 0,
    timeoutMs: 3000,
    alpha: 0.001,
    mqttPort: 8883,
} as const;

export const USAGE = `Usage: iotvpc-check [--outputs <file|->] [--host <name>]... [options]

Checks, after \`pulumi up\`, that devices reach AWS IoT Core privately through the deployment's
interface VPC endpoints: each name resolves only to the records' private IPs, spread over every
endpoint as the weights say; TLS completes on every device port of every record IP answered, with a
certificate that covers the name; and, with a device certificate, MQTT CONNECT (and PUBLISH) succeed
through every endpoint. An answer that is no record IP is reported and never dialled.
Run it where devices run: in the VPC, or on a network whose DNS forwards to the inbound resolver.

Input
  --outputs <file|->      The stack's outputs: \`pulumi stack output --json > outputs.json\`; \`-\` (or a
                          pipe on stdin, with neither --outputs nor --host) reads stdin. Names checked:
                          dataEndpoint, customDomains, the credential provider's name (credentialsEndpoint
                          or its connectionSettings entry); IPs from records; ports and ALPN from
                          connectionSettings; resolverIps for --resolver inbound. With
                          greengrassNucleusConfig: its iotDataEndpoint and iotCredEndpoint must be those
                          names and resolve privately, and its greengrassDataPlanePort is probed on the
                          data name (on 443 with ALPN x-amzn-http-ca).
  --host <name>           A name to check (repeatable). With --outputs: only these names.
  --expect-ip <ip>[=<endpoint>]
                          An IP every checked name may resolve to (repeatable), optionally labelled
                          with its endpoint; the way to check a --host without outputs.

DNS
  --resolver <ip[:port]|inbound|system>
                          Resolver to query (repeatable; default: system, this machine's DNS servers).
                          \`inbound\` means every IP of the outputs' resolverIps.
  --samples <n>           Queries per name and resolver (default ${DEFAULTS.samples}, 1..100000). Route 53 answers
                          one weighted record per query; with n queries the spread over the endpoints is
                          tested against the weights (chi-square, or exact binomial when n is small).
  --interval <ms>         Pause between queries (default ${DEFAULTS.intervalMs}: up to 8 in flight). A caching resolver
                          repeats one answer for the TTL: space queries beyond it to sample Route 53.
  --alpha <p>             Significance level of the spread test (default ${DEFAULTS.alpha}).
  --private-cidr <cidr>   A range that counts as private besides RFC 1918 (repeatable), for VPCs that
                          use one.

TLS
  --ports <list>          Device ports to test (default: the outputs' connectionSettings, else
                          8883,443,8443; 443 offers ALPN x-amzn-mqtt-ca). The credential provider's name
                          is tested on 443 only.
  --ca <file>             PEM CA certificates to trust instead of the defaults: Amazon Root CA 1
                          (embedded) for the ATS and credential provider names, Node's CA store for
                          custom domains.
  --all-ips               Also test record IPs no answer contained.

MQTT (with a device certificate)
  --cert <file> --key <file>
                          The device's certificate and private key (PEM): presented in every TLS
                          handshake, and used for an MQTT CONNECT on every IP of the data names.
  --client-id <id>        MQTT client id (default iotvpc-check-<random>); device policies often
                          require the thing name.
  --keepalive <s>         MQTT keep-alive, 1..${MQTT_KEEP_ALIVE_MAX_SECONDS} (default: the outputs' connectionSettings, else
                          ${MQTT_KEEP_ALIVE_MAX_SECONDS}). VPC endpoints cut longer keep-alives to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s.
  --publish <topic>       After CONNECT, publish one QoS 1 message to <topic> and wait for PUBACK.
  --mqtt-port <8883|443>  Port of the MQTT check (default ${DEFAULTS.mqttPort}; 443 uses ALPN x-amzn-mqtt-ca).

Output
  --json                  Print the report as JSON on stdout (no table).
  --quiet                 No progress on stderr.
  --timeout <ms>          Limit of every DNS query, TCP connect, TLS handshake, CONNACK and PUBACK
                          (default ${DEFAULTS.timeoutMs}).
  -h, --help              This text.
  --version               The package version.

Test and diagnostic options
  --port-map <port>=<port>[,...]
                          Dial another port for a device port, for every IP: 8883=18883,443=18443.
  --connect <ip>[:<port>]=<address>[:<port>]
                          Dial <address> instead of a record IP (repeatable; <ip> may be * for every
                          record IP): 10.20.1.15=127.0.0.1, 10.20.1.15:8883=127.0.0.1:40001.
                          SNI, the certificate name check and ALPN still use the real host name, so a
                          loopback stand-in, an SSH tunnel or a port forward can play an endpoint.

Exit status: 0 every check passed; 1 a check failed (each failure is listed with its likely cause);
2 usage error.

Examples
  pulumi stack output --json > outputs.json
  iotvpc-check --outputs outputs.json
  iotvpc-check --outputs outputs.json --resolver inbound --samples 200
  iotvpc-check --outputs outputs.json --cert device.pem.crt --key device.pem.key \\
               --client-id my-thing --publish my-thing/check
  iotvpc-check --host a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com --expect-ip 10.0.1.25 --expect-ip 10.0.2.25
`;

/** The flags as typed (repeatable ones as lists). */
export interface Flags {
    readonly outputs?: string;
    readonly host: string[];
    readonly expectIp: string[];
    readonly resolver: string[];
    readonly samples?: string;
    readonly interval?: string;
    readonly alpha?: string;
    readonly privateCidr: string[];
    readonly ports?: string;
    readonly ca?: string;
    readonly allIps: boolean;
    readonly cert?: string;
    readonly key?: string;
    readonly clientId?: string;
    readonly keepalive?: string;
    readonly publish?: string;
    readonly mqttPort?: string;
    readonly json: boolean;
    readonly quiet: boolean;
    readonly timeout?: string;
    readonly help: boolean;
    readonly version: boolean;
    readonly portMap: string[];
    readonly connect: string[];
}

/**
 * The flags: each string flag with the value its usage shows, each boolean with `false`. Every flag is
 * long (`--samples`); `-h` is the one short form.
 */
const OPTIONS = {
    "outputs": "<file|->",
    "host": "<name>",
    "expect-ip": "<ip>[=<endpoint>]",
    "resolver": "<ip[:port]|inbound|system>",
    "samples": "<n>",
    "interval": "<ms>",
    "alpha": "<p>",
    "private-cidr": "<cidr>",
    "ports": "<list>",
    "ca": "<file>",
    "all-ips": false,
    "cert": "<file>",
    "key": "<file>",
    "client-id": "<id>",
    "keepalive": "<s>",
    "publish": "<topic>",
    "mqtt-port": "<8883|443>",
    "json": false,
    "quiet": false,
    "timeout": "<ms>",
    "help": false,
    "version": false,
    "port-map": "<port>=<port>[,...]",
    "connect": "<ip>[:<port>]=<address>[:<port>]",
} as const;

type OptionName = keyof typeof OPTIONS;

const isOption = (name: string): name is OptionName => Object.prototype.hasOwnProperty.call(OPTIONS, name);

/** An argument that is a flag (or `--`) rather than a value: `--json`, `-h`; not `-`, `-5`. */
const looksLikeFlag = (arg: string) => arg === "--" || /^--?[A-Za-z]/.test(arg);

/** The option nearest `name` by edit distance, if it is near enough to be a typo. */
function closest(name: string, options: readonly string[]): string | undefined {
    const distance = (a: string, b: string) => {
        const row = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            let previous = row[0];
            row[0] = i;
            for (let j = 1; j <= b.length; j++) {
                const current = row[j];
                row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.length];
    };
    // a letter or two is near every short option: suggest only for names long enough to be a typo of one
    const [best] = name.length < 3 ? [] : options.map((o) => ({ o, d: distance(name, o) })).sort((x, y) => x.d - y.d);
    return best && best.d <= 2 ? best.o : undefined;
}

/** `--name`, `--name=value` or `-h`, split; `undefined` for a plain argument. */
function splitFlag(arg: string): { raw: string; name: string; inline?: string } | undefined {
    if (arg === "-h") {
        return { raw: arg, name: "help" };
    }
    const m = /^--([^=]+)(?:=([\s\S]*))?$/.exec(arg) ?? /^(-[^-][\s\S]*)$/.exec(arg);
    if (!m) {
        return undefined;
    }
    return arg.startsWith("--") ? { raw: `--${m[1]}`, name: m[1], ...(m[2] !== undefined ? { inline: m[2] } : {}) } : { raw: arg, name: "" };
}

/**
 * Parses `argv` (without `node` and the script). Every problem is reported, in the order of the
 * arguments: unknown flags (with the flag probably meant), flags without their value, values given to
 * switches, stray arguments. The flags read correctly are returned either way, so the caller can report
 * their values' problems too.
 */
export function parseCommandLine(argv: readonly string[]): { flags: Flags; problems: string[] } {
    const problems: string[] = [];
    const values = new Map<OptionName, string[]>();
    const switches = new Set<OptionName>();
    const stray = (arg: string) => problems.push(`unexpected argument ${JSON.stringify(arg)}: every input is a flag (--outputs <file>, --host <name>)`);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            argv.slice(i + 1).forEach(stray);
            break;
        }
        const flag = splitFlag(arg);
        if (!flag) {
            stray(arg);
            continue;
        }
        if (!isOption(flag.name)) {
            const near = closest(flag.raw.replace(/^-+/, ""), Object.keys(OPTIONS));
            problems.push(`unknown option ${flag.raw}${near ? `: did you mean --${near}?` : ": see --help"}`);
            // its value, if it had one, belongs to it rather than being a stray argument
            if (flag.inline === undefined && i + 1 < argv.length && !looksLikeFlag(argv[i + 1])) {
                i++;
            }
            continue;
        }
        const metavar = OPTIONS[flag.name];
        if (metavar === false) {
            if (flag.inline !== undefined) {
                problems.push(`${flag.raw} takes no value: write ${flag.raw}, not ${arg}`);
            } else {
                switches.add(flag.name);
            }
            continue;
        }
        const value = flag.inline ?? (i + 1 < argv.length && !looksLikeFlag(argv[i + 1]) ? argv[++i] : undefined);
        if (value === undefined) {
            problems.push(`${flag.raw} needs a value: ${flag.raw} ${metavar}`);
            continue;
        }
        values.set(flag.name, [...(values.get(flag.name) ?? []), value]);
    }
    const list = (k: OptionName) => values.get(k) ?? [];
    // a flag given twice that takes one value keeps the last, as most command-line tools do
    const str = (k: OptionName) => list(k)[list(k).length - 1];
    const bool = (k: OptionName) => switches.has(k);
    return {
        flags: {
            outputs: str("outputs"), host: list("host"), expectIp: list("expect-ip"), resolver: list("resolver"),
            samples: str("samples"), interval: str("interval"), alpha: str("alpha"), privateCidr: list("private-cidr"),
            ports: str("ports"), ca: str("ca"), allIps: bool("all-ips"), cert: str("cert"), key: str("key"),
            clientId: str("client-id"), keepalive: str("keepalive"), publish: str("publish"), mqttPort: str("mqtt-port"),
            json: bool("json"), quiet: bool("quiet"), timeout: str("timeout"), help: bool("help"), version: bool("version"),
            portMap: list("port-map"), connect: list("connect"),
        },
        problems,
    };
}

/** An integer flag within bounds, or a problem naming the flag, the value and the range. */
function intFlag(flag: string, value: string | undefined, fallback: number, min: number, max: number, unit: string, problems: string[]): number {
    if (value === undefined) {
        return fallback;
    }
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
        problems.push(`${flag} ${JSON.stringify(value)}: expected a whole number of ${unit} from ${min} to ${max}`);
        return fallback;
    }
    return n;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const AWS_ROOTED = /(-ats\.iot|\.credentials\.iot)\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** What the CLI read for the flags that name files. */
export interface FileInputs {
    /** Parsed JSON of --outputs (or stdin); `undefined` when none was given. */
    readonly outputs?: ParsedOutputs;
    readonly caPem?: string;
    readonly certPem?: string;
    readonly keyPem?: string;
}

/** Values the CLI supplies that are not pure (a random client id, the system resolver's servers). */
export interface Environment {
    readonly defaultClientId: string;
    readonly systemResolverLabel: string;
}

function trustOf(kind: NameKind, host: string, ca: boolean): TrustSource {
    if (ca) {
        return "ca-file";
    }
    if (kind === "ats" || kind === "credentials" || (kind === "host" && AWS_ROOTED.test(host))) {
        return "amazon-root-ca-1";
    }
    return "system";
}

/**
 * The checks the flags and the outputs ask for, or every problem with them. `files` holds what the CLI
 * read for --outputs, --ca, --cert and --key (their own read and parse problems come from the CLI).
 */
export function buildOptions(flags: Flags, files: FileInputs, env: Environment): { options?: CheckOptions; problems: string[] } {
    const problems: string[] = [];
    const samples = intFlag("--samples", flags.samples, DEFAULTS.samples, 1, 100_000, "queries", problems);
    const intervalMs = intFlag("--interval", flags.interval, DEFAULTS.intervalMs, 0, 600_000, "milliseconds", problems);
    const timeoutMs = intFlag("--timeout", flags.timeout, DEFAULTS.timeoutMs, 1, 600_000, "milliseconds", problems);
    let alpha: number = DEFAULTS.alpha;
    if (flags.alpha !== undefined) {
        const a = Number(flags.alpha);
        if (!(a > 0 && a < 0.5) || flags.alpha.trim() === "") {
            problems.push(`--alpha ${JSON.stringify(flags.alpha)}: expected a probability above 0 and below 0.5, such as 0.001`);
        } else {
            alpha = a;
        }
    }
    const privateCidrs: string[] = [];
    for (const c of flags.privateCidr) {
        if (parseCidr(c) === undefined) {
            problems.push(`--private-cidr ${JSON.stringify(c)}: expected an IPv4 CIDR with its host bits clear, such as 100.64.0.0/16`);
        } else {
            privateCidrs.push(c);
        }
    }
    let ports: number[] | undefined;
    if (flags.ports !== undefined) {
        const parts = flags.ports.split(",").map((p) => p.trim());
        const bad = parts.filter((p) => !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535);
        if (bad.length > 0 || parts.length === 0) {
            problems.push(`--ports ${JSON.stringify(flags.ports)}: expected a comma-separated list of ports, such as 8883,443`);
        } else {
            ports = parts.map(Number);
        }
    }
    const portMap = parsePortMap(flags.portMap);
    const connect = parseConnect(flags.connect);
    problems.push(...portMap.problems, ...connect.problems);

    // device identity
    const mqttFlags = ([["--client-id", flags.clientId], ["--keepalive", flags.keepalive], ["--publish", flags.publish], ["--mqtt-port", flags.mqttPort]] as const)
        .filter(([, v]) => v !== undefined).map(([k]) => k);
    if ((flags.cert === undefined) !== (flags.key === undefined)) {
        problems.push(flags.cert === undefined ? "--key needs --cert: give the device certificate that goes with the key" : "--cert needs --key: give the device's private key too");
    } else if (flags.cert === undefined && mqttFlags.length > 0) {
        problems.push(`${mqttFlags.join(", ")} ${mqttFlags.length === 1 ? "needs" : "need"} a device certificate: add --cert <file> --key <file>`);
    }
    let keepAliveSeconds: number | undefined;
    if (flags.keepalive !== undefined) {
        const k = /^\d+$/.test(flags.keepalive) ? Number(flags.keepalive) : NaN;
        if (k > MQTT_KEEP_ALIVE_MAX_SECONDS) {
            problems.push(`--keepalive ${flags.keepalive}: VPC endpoints cut MQTT keep-alives above ${MQTT_KEEP_ALIVE_MAX_SECONDS} s to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s, so the device and the endpoint would disagree; use ${MQTT_KEEP_ALIVE_MAX_SECONDS} or less`);
        } else if (!(k >= 1)) {
            problems.push(`--keepalive ${JSON.stringify(flags.keepalive)}: expected a whole number of seconds from 1 to ${MQTT_KEEP_ALIVE_MAX_SECONDS}`);
        } else {
            keepAliveSeconds = k;
        }
    }
    let mqttPort: number = DEFAULTS.mqttPort;
    if (flags.mqttPort !== undefined) {
        if (flags.mqttPort !== "8883" && flags.mqttPort !== "443") {
            problems.push(`--mqtt-port ${JSON.stringify(flags.mqttPort)}: expected 8883 (MQTT over TLS) or 443 (MQTT with ALPN x-amzn-mqtt-ca)`);
        } else {
            mqttPort = Number(flags.mqttPort);
        }
    }
    if (flags.clientId !== undefined && (flags.clientId === "" || flags.clientId.length > 128)) {
        problems.push(`--client-id ${JSON.stringify(flags.clientId)}: expected 1 to 128 characters (AWS IoT Core's limit)`);
    }
    if (flags.publish !== undefined && (flags.publish === "" || /[+#]/.test(flags.publish) || Buffer.byteLength(flags.publish) > 256)) {
        problems.push(`--publish ${JSON.stringify(flags.publish)}: expected a topic name without wildcards (+, #), 1 to 256 bytes, such as my-thing/check`);
    }

    // names
    const expectRecords: ExpectedRecord[] = [];
    for (const e of flags.expectIp) {
        const [ip, label, extra] = e.split("=");
        if (parseIpv4(ip) === undefined || extra !== undefined || label === "") {
            problems.push(`--expect-ip ${JSON.stringify(e)}: expected an IPv4 address, optionally =<endpoint>, such as 10.0.1.25 or 10.0.1.25=vpce-0abc`);
            continue;
        }
        expectRecords.push({ setIdentifier: "--expect-ip", weight: 1, endpointId: label ?? ip, kind: "a", ips: [ip], subnetIds: [undefined] });
    }
    const hosts: string[] = [];
    for (const h of flags.host) {
        const n = normalizeHost(h);
        if (!HOST_NAME.test(n)) {
            problems.push(`--host ${JSON.stringify(h)}: expected a DNS name, such as a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com`);
        } else {
            hosts.push(n);
        }
    }
    const fromOutputs = new Map<string, OutputName>((files.outputs?.names ?? []).map((n) => [n.host, n]));
    const chosen: { host: string; kind: NameKind; fromOutputs?: OutputName }[] = hosts.length > 0
        ? hosts.map((host) => ({ host, kind: fromOutputs.get(host)?.kind ?? "host", fromOutputs: fromOutputs.get(host) }))
        : [...fromOutputs.values()].map((n) => ({ host: n.host, kind: n.kind, fromOutputs: n }));
    if (chosen.length === 0 && flags.host.length === 0) {
        problems.push("nothing to check: give the stack's outputs (--outputs outputs.json, from `pulumi stack output --json`) or --host <name> with --expect-ip <ip>");
    }
    let targets: NameTarget[] = [];
    for (const c of chosen) {
        const records = [...(c.fromOutputs?.records ?? []), ...expectRecords];
        if (records.length === 0) {
            problems.push(c.fromOutputs
                ? `no records for ${c.host} in the outputs: export the component's records (\`records: iot.records\`) or give --expect-ip <ip>`
                : `--host ${c.host}: no IPs to compare its answers with: give --expect-ip <ip> (repeatable), or --outputs with this name`);
            continue;
        }
        // the credential provider serves HTTPS on 443 only (no MQTT): a device port of --ports is no port of its name
        const credentials = c.kind === "credentials" || (c.kind === "host" && isCredentialsName(c.host));
        const probes = (c.fromOutputs?.probes ?? defaultProbes(credentials ? "credentials" : c.kind)).filter((p) => ports === undefined || ports.includes(p.port));
        const extraPorts = credentials ? [] : (ports ?? []).filter((p) => !probes.some((x) => x.port === p)).map((port) => ({ port }));
        targets.push({
            host: c.host,
            kind: c.kind,
            records,
            probes: [...probes, ...extraPorts],
            mqtt: !credentials,
            ...(c.fromOutputs?.keepAliveSeconds !== undefined ? { keepAliveSeconds: c.fromOutputs.keepAliveSeconds } : {}),
            trust: trustOf(c.kind, c.host, files.caPem !== undefined),
        });
    }

    // Greengrass core devices: their data plane port on the data name, their configuration's names
    const nucleusConfig = files.outputs?.greengrass;
    let notes: string[] = [];
    if (nucleusConfig) {
        ({ targets, notes } = withDataPlaneProbe(targets, nucleusConfig.dataPlanePort, ports));
    }

    // resolvers
    const resolverIps = files.outputs?.resolverIps ?? [];
    const resolvers: ResolverSpec[] = [];
    for (const r of flags.resolver.length > 0 ? flags.resolver : ["system"]) {
        if (r === "system") {
            resolvers.push({ label: env.systemResolverLabel, inbound: false });
        } else if (r === "inbound") {
            if (resolverIps.length === 0) {
                problems.push("--resolver inbound: the outputs have no resolverIps; deploy with the inbound resolver (inboundResolver), or give its IP as --resolver <ip>");
            }
            resolvers.push(...resolverIps.map((ip) => ({ label: `${ip} (inbound resolver)`, address: ip, port: 53, inbound: true })));
        } else {
            const m = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(r);
            const port = m?.[2] === undefined ? 53 : Number(m[2]);
            if (!m || parseIpv4(m[1]) === undefined || !(port >= 1 && port <= 65535)) {
                problems.push(`--resolver ${JSON.stringify(r)}: expected an IPv4 address with an optional port (10.0.1.10, 127.0.0.1:5353), inbound or system`);
                continue;
            }
            const inbound = resolverIps.includes(m[1]);
            resolvers.push({ label: `${m[1]}${port !== 53 ? `:${port}` : ""}${inbound ? " (inbound resolver)" : ""}`, address: m[1], port, inbound });
        }
    }

    if (files.certPem !== undefined && !/-----BEGIN CERTIFICATE-----/.test(files.certPem)) {
        problems.push(`--cert ${flags.cert}: no PEM certificate in the file (expected -----BEGIN CERTIFICATE-----)`);
    }
    if (files.keyPem !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(files.keyPem)) {
        problems.push(`--key ${flags.key}: no PEM private key in the file (expected -----BEGIN ... PRIVATE KEY-----)`);
    }
    const caPems = files.caPem === undefined ? undefined : files.caPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (caPems !== undefined && caPems.length === 0) {
        problems.push(`--ca ${flags.ca}: no PEM certificate in the file (expected -----BEGIN CERTIFICATE-----)`);
    }
    if (problems.length > 0) {
        return { problems };
    }
    return {
        options: {
            targets, resolvers, samples, intervalMs, timeoutMs, alpha, allIps: flags.allIps, privateCidrs,
            ...(caPems ? { caPems: caPems.map((p) => `${p}\n`) } : {}),
            ...(files.certPem !== undefined && files.keyPem !== undefined ? {
                device: {
                    certPem: files.certPem, keyPem: files.keyPem, clientId: flags.clientId ?? env.defaultClientId,
                    ...(keepAliveSeconds !== undefined ? { keepAliveSeconds } : {}),
                    ...(flags.publish !== undefined ? { publishTopic: flags.publish } : {}),
                    mqttPort,
                },
            } : {}),
            dial: { portMap: portMap.map, connect: connect.rules },
            resolverIps,
            ...(nucleusConfig ? { nucleus: { names: nucleusNames(nucleusConfig, files.outputs?.names ?? []), dataPlanePort: nucleusConfig.dataPlanePort } } : {}),
            notes,
        },
        problems,
    };
}
