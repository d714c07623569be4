/**
 * The pure rules (`components/rules.ts`) against hand-worked facts: AWS names and regions, capacity
 * arithmetic, DNS host names, IPv4 and CIDR parsing, the reserved subnet addresses, public address
 * space, IAM wildcard matching and the public `iot:Connect` grants of an IoT policy document. Every
 * expected value is a literal worked out from the source document, AWS's documentation or by hand.
 * `tests/rules.spec.ts` holds the first tables; this file adds the boundaries and the edge cases.
 */
import { expect } from "chai";

import {
    cidrContains,
    coversPublicSpace,
    coversPublicSpaceBeyond,
    coversWholeInternet,
    formatIpv4,
    iamPatternCovers,
    interfaceEndpointsRequested,
    isAtsDataEndpointName,
    isAwsIotName,
    isCredentialProviderName,
    isDnsName,
    isIotService,
    isLegacyDataEndpointName,
    isOpenToWorld,
    isRegionCode,
    isRegionWideIotZone,
    isUtilizationPercent,
    matchesIamWildcard,
    mayNameIotClient,
    parseIpv4,
    parseIpv4Cidr,
    parseServiceName,
    publicConnectGrants,
    shadowsIotEndpointNames,
    subnetAddressProblem,
} from "../components/rules";

describe("rules facts: service names and regions", () => {
    it("counts the bare `iot` service as IoT Core", () => {
        expect(isIotService("iot")).to.equal(true);
        expect(isIotService("iotwireless")).to.equal(false);
    });

    it("refuses service names with anything before the partition prefix or after the service", () => {
        expect(parseServiceName("foo.com.amazonaws.us-east-1.iot.data")).to.equal(undefined);
        expect(parseServiceName("com.amazonaws.us-east-1.iot.DATA")).to.equal(undefined);
        expect(parseServiceName("com.amazonaws.us-east-1.iot.data/")).to.equal(undefined);
    });

    it("parses a region whose number has two digits", () => {
        expect(parseServiceName("com.amazonaws.ap-southeast-12.iot.data")).to.deep.equal({ prefix: "com.amazonaws", region: "ap-southeast-12", service: "iot.data" });
    });

    const regions: [string, boolean][] = [
        ["us-east-1", true], ["us-gov-west-1", true], ["cn-northwest-1", true], ["ap-southeast-12", true],
        ["us-east-1a", false], // an Availability Zone, not a region
        ["1us-east-1", false], ["us-east", false], ["useast-1", false],
    ];
    for (const [region, ok] of regions) {
        it(`${region} is ${ok ? "" : "not "}a region code`, () => {
            expect(isRegionCode(region)).to.equal(ok);
        });
    }
});

describe("rules facts: utilization and requested endpoints", () => {
    const percents: [unknown, boolean][] = [[0, false], [1, true], [100, true], [101, false], [50.5, false], ["50", false], [-5, false]];
    for (const [v, ok] of percents) {
        it(`utilization ${JSON.stringify(v)} is ${ok ? "valid" : "refused"}`, () => {
            expect(isUtilizationPercent(v)).to.equal(ok);
        });
    }

    it("defaults to one data endpoint for the documented 100,000 devices, plus the credential endpoints", () => {
        expect(interfaceEndpointsRequested({})).to.equal(1);
        expect(interfaceEndpointsRequested({ credentialEndpoints: 1 })).to.equal(2);
        expect(interfaceEndpointsRequested({ expectedConnections: 100_000, credentialEndpoints: 0 })).to.equal(1);
    });

    it("gives no count when the credential endpoint count is not a whole number above zero", () => {
        expect(interfaceEndpointsRequested({ expectedConnections: 100_000, credentialEndpoints: -1 })).to.equal(undefined);
        expect(interfaceEndpointsRequested({ expectedConnections: 100_000, credentialEndpoints: 1.5 })).to.equal(undefined);
    });

    // 250,000 devices: 3 endpoints at 100% (ceil 2.5), 4 at 80% (ceil 3.125), 2 if 150% were believed.
    const utilizations: [unknown, number][] = [["80", 3], [0, 3], [-10, 3], [150, 3], [100, 3], [80, 4], [1, 250]];
    for (const [u, endpoints] of utilizations) {
        it(`250,000 devices at utilization ${JSON.stringify(u)} ask for ${endpoints} endpoints (invalid utilization: 100%)`, () => {
            expect(interfaceEndpointsRequested({ expectedConnections: 250_000, utilizationPercent: u })).to.equal(endpoints);
        });
    }
});

describe("rules facts: IoT DNS names", () => {
    it("knows the ATS data endpoint in GovCloud and in a region numbered with two digits", () => {
        expect(isAtsDataEndpointName("a3k7odshaiipe8-ats.iot.us-gov-west-1.amazonaws.com")).to.equal(true);
        expect(isAtsDataEndpointName("a3k7odshaiipe8-ats.iot.ap-southeast-12.amazonaws.com")).to.equal(true);
    });

    it("refuses names that only contain an IoT endpoint name", () => {
        expect(isAtsDataEndpointName("vpce.a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com")).to.equal(false);
        expect(isAtsDataEndpointName("a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com.example.net")).to.equal(false);
        expect(isLegacyDataEndpointName("a3k7odshaiipe8.iot.us-east-1.amazonaws.com.example.net")).to.equal(false);
        expect(isRegionWideIotZone("iot.us-east-1.amazonaws.com.example.net")).to.equal(false);
        expect(isCredentialProviderName("c1a2b3c4d5e6f7.credentials.iot.eu-west-1.amazonaws.com.example.net")).to.equal(false);
        expect(isAwsIotName("iot.us-east-1.amazonaws.com.example.net")).to.equal(false);
    });

    it("knows the region-wide zone and the credential provider in every region form", () => {
        expect(isRegionWideIotZone("iot.ap-southeast-12.amazonaws.com")).to.equal(true);
        expect(isCredentialProviderName("c1a2b3c4d5e6f7.credentials.iot.us-gov-west-1.amazonaws.com")).to.equal(true);
        expect(isCredentialProviderName("c1a2b3c4d5e6f7.credentials.iot.ap-southeast-12.amazonaws.com")).to.equal(true);
    });

    it("counts the region-wide zone itself and names beneath it as IoT names", () => {
        expect(isAwsIotName("iot.us-east-1.amazonaws.com")).to.equal(true);
        expect(isAwsIotName("a3k7odshaiipe8-ats.iot.us-gov-west-1.amazonaws.com")).to.equal(true);
        expect(isAwsIotName("a3k7odshaiipe8-ats.iot.ap-southeast-12.amazonaws.com")).to.equal(true);
        expect(isAwsIotName("myiot.us-east-1.amazonaws.com")).to.equal(false);
    });

    const parents: [string, boolean][] = [
        ["us-gov-west-1.amazonaws.com", true], ["iot.us-gov-west-1.amazonaws.com", true], ["amazonaws.com", true], ["com", true],
        ["company.internal", false], ["cnc.example.org", false], ["a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", false],
    ];
    for (const [zone, shadows] of parents) {
        it(`a private zone ${zone} ${shadows ? "shadows" : "does not shadow"} the IoT endpoint names`, () => {
            expect(shadowsIotEndpointNames(zone)).to.equal(shadows);
        });
    }
});

describe("rules facts: DNS host names", () => {
    const label63 = "a".repeat(63);
    const names: [string, string, boolean][] = [
        ["a plain name", "devices.example.com", true],
        ["253 characters", `${label63}.${label63}.${label63}.${"b".repeat(61)}`, true],
        ["254 characters", `${label63}.${label63}.${label63}.${"b".repeat(62)}`, false],
        ["a single label", "localhost", false],
        ["a label starting with a hyphen", "-bad.example.com", false],
        ["a label ending with a hyphen", "bad-.example.com", false],
        ["an empty label", "bad..example.com", false],
        ["nothing", "", false],
    ];
    for (const [what, name, ok] of names) {
        it(`${what} is ${ok ? "" : "not "}a DNS host name`, () => {
            expect(isDnsName(name)).to.equal(ok);
        });
    }
});

describe("rules facts: IPv4 addresses and CIDRs", () => {
    it("parses and formats dotted quads", () => {
        expect(parseIpv4("10.0.0.1")).to.equal(167_772_161);
        expect(parseIpv4("1.2.3.4.5")).to.equal(undefined);
        expect(formatIpv4(167_772_161)).to.equal("10.0.0.1");
        expect(formatIpv4(3_232_235_777)).to.equal("192.168.1.1");
        expect(formatIpv4(4_294_967_295)).to.equal("255.255.255.255");
    });

    it("accepts a /32 host route and the whole space, refuses prefixes above 32 and host bits under /0", () => {
        expect(parseIpv4Cidr("10.0.0.1/32")).to.deep.equal({ network: 167_772_161, prefixLength: 32 });
        expect(parseIpv4Cidr("0.0.0.0/0")).to.deep.equal({ network: 0, prefixLength: 0 });
        expect(parseIpv4Cidr("0.0.0.0/33")).to.equal(undefined);
        expect(parseIpv4Cidr("10.0.0.0/0")).to.equal(undefined);
    });

    it("refuses CIDRs with anything around them", () => {
        expect(parseIpv4Cidr("a10.0.0.0/8")).to.equal(undefined);
        expect(parseIpv4Cidr("10.0.0.0/8x")).to.equal(undefined);
    });

    it("answers false for membership in a malformed CIDR or of a malformed address", () => {
        expect(cidrContains("not-a-cidr", "10.0.0.1")).to.equal(false);
        expect(cidrContains("0.0.0.0/0", "not-an-ip")).to.equal(false);
    });

    // AWS reserves the first four addresses and the last of every subnet.
    const reserved = "is one of the five addresses AWS reserves in 10.0.1.0/24 (the first four and the last)";
    const addresses: [string, string | undefined][] = [
        ["10.0.1.0", reserved], ["10.0.1.3", reserved], ["10.0.1.4", undefined], ["10.0.1.254", undefined], ["10.0.1.255", reserved],
        ["10.0.0.255", "is outside the subnet's 10.0.1.0/24"], ["10.0.2.0", "is outside the subnet's 10.0.1.0/24"],
        ["10.0.1.300", "is not an IPv4 address"],
    ];
    for (const [ip, problem] of addresses) {
        it(`${ip} in subnet 10.0.1.0/24: ${problem ?? "assignable"}`, () => {
            expect(subnetAddressProblem("10.0.1.0/24", ip)).to.equal(problem);
        });
    }

    it("leaves a malformed subnet CIDR to its own check", () => {
        expect(subnetAddressProblem("10.0.1.0/33", "10.0.1.5")).to.equal(undefined);
    });
});

describe("rules facts: public address space", () => {
    it("counts a single public address, and not the last address of 10.0.0.0/8", () => {
        expect(coversPublicSpace(["8.8.8.8/32"])).to.equal(true);
        expect(coversPublicSpace(["10.255.255.255/32"])).to.equal(false);
    });

    it("does not call the same half of the space, listed three times, the whole internet", () => {
        expect(coversWholeInternet(["0.0.0.0/1", "0.0.0.0/1", "0.0.0.0/1"])).to.equal(false);
    });

    it("still sees the public address next to an allowed private one", () => {
        // 11.0.0.0 is public and not allowed; 10.255.255.255 is private anyway.
        expect(coversPublicSpaceBeyond(["10.255.255.255/32", "11.0.0.0/32"], ["10.255.255.255/32"])).to.equal(true);
        expect(coversPublicSpaceBeyond(["10.255.255.255/32", "11.0.0.0/32"], ["11.0.0.0/32"])).to.equal(false);
    });

    it("calls ::/0 and a padded 0.0.0.0/0 the whole internet, with or without other CIDRs", () => {
        expect(coversWholeInternet(["::/0"])).to.equal(true);
        expect(coversWholeInternet(["10.0.0.0/8", "::/0"])).to.equal(true);
        expect(coversWholeInternet([" 0.0.0.0/0"])).to.equal(true);
        expect(isOpenToWorld(" 0.0.0.0/0 ")).to.equal(true);
        expect(isOpenToWorld("::/0 ")).to.equal(true);
    });
});

describe("rules facts: IAM wildcards", () => {
    const matches: [string, string, boolean, boolean][] = [
        ["iot:Connect*", "iot:Connect", false, true], // a trailing star matches nothing
        ["iot:*Connect", "iot:Connect", false, true], // an inner star matches nothing
        ["*:Connect", "iot:Connect", false, true],
        ["Connect", "iot:Connect", false, false], // no service prefix: another action
        ["iot:Connect", "xiot:Connect", false, false],
        ["iot:connect", "iot:Connect", false, false], // ARNs compare case-sensitively
        ["iot:connect", "iot:Connect", true, true], // actions do not
    ];
    for (const [pattern, value, ignoreCase, ok] of matches) {
        it(`${pattern} ${ok ? "matches" : "does not match"} ${value}${ignoreCase ? " ignoring case" : ""}`, () => {
            expect(ignoreCase ? matchesIamWildcard(pattern, value, true) : matchesIamWildcard(pattern, value)).to.equal(ok);
        });
    }

    const client = "arn:aws:iot:us-east-1:123456789012:client/";
    const covers: [string, string, boolean][] = [
        [`${client}sensor-?`, `${client}sensor-7`, true],
        [`${client}sensor-?`, `${client}sensor-?`, true],
        [`${client}sensor-?`, `${client}sensor-*`, false], // * may be several characters or none
        [`${client}sensor-?`, `${client}sensor-77`, false],
        ["*/sensor-*", `${client}camera-1`, false],
        ["*/sensor-*", `${client}sensor-1`, true],
    ];
    for (const [general, specific, ok] of covers) {
        it(`${general} ${ok ? "covers" : "does not cover"} ${specific}`, () => {
            expect(iamPatternCovers(general, specific)).to.equal(ok);
        });
    }

    it("a pattern too large to compare is answered at once, cautiously: up to 4,000,000 steps it is worked out, beyond it does not cover", () => {
        // 2,000 x 2,000 steps: worked out, the star covers the "b".
        expect(iamPatternCovers(`*${"a".repeat(1999)}`, `b${"a".repeat(1999)}`)).to.equal(true);
        // 2,001 x 2,001 steps: not worked out; the same pair one character longer is not covered.
        expect(iamPatternCovers(`*${"a".repeat(2000)}`, `b${"a".repeat(2000)}`)).to.equal(false);
    });

    it("beyond the work limit, only an equal pattern or one of stars alone covers", () => {
        expect(iamPatternCovers("a".repeat(2001), "a".repeat(2001))).to.equal(true);
        expect(iamPatternCovers("*".repeat(2001), "b".repeat(2001))).to.equal(true);
        expect(iamPatternCovers(`a${"*".repeat(2000)}`, "b".repeat(2001))).to.equal(false);
        expect(iamPatternCovers(`${"*".repeat(2000)}a`, "b".repeat(2001))).to.equal(false);
    });

    const clients: [string, boolean][] = [
        ["arn:aws:iot:us-east-1:123456789012:client/sensor-1", true],
        ["arn:aws:io?:*:*:client/*", true],
        ["arn:aws:iot:*", true],
        ["*", true],
        ["arn:aws:iot:us-east-1:123456789012:topic/sensor-1", false],
        ["arn:aws:iot:us-east-1:123456789012:topic/*", false],
        ["arn:aws:iot", false],
    ];
    for (const [pattern, ok] of clients) {
        it(`${pattern} ${ok ? "can" : "cannot"} name an IoT client`, () => {
            expect(mayNameIotClient(pattern)).to.equal(ok);
        });
    }
});

describe("rules facts: public iot:Connect grants", () => {
    const VPCE = ["aws:SourceVpce"];
    const CLIENT = "arn:aws:iot:us-east-1:123456789012:client/";
    const NO_CONDITION = "it has no condition on aws:SourceVpce";
    const MAY_HOLD = "its condition does not require a VPC key, so it can hold on the public endpoint";
    const allow = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "iot:Connect", Resource: "*", ...extra });
    const deny = (condition: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Deny", Action: "iot:Connect", Resource: "*", Condition: condition, ...extra });
    const offVpce = { StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } };
    const grants = (statements: unknown, keys: string[] = VPCE) => publicConnectGrants({ Version: "2012-10-17", Statement: statements }, keys);
    const grant = (statement: number, reason: string, sid?: string) => ({ statement, sid, reason });

    it("reports an unconditioned Allow, naming its Sid and the keys it lacks", () => {
        expect(grants([allow()])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow({ Sid: "DevicesConnect" })])).to.deep.equal([grant(1, NO_CONDITION, "DevicesConnect")]);
        expect(grants([allow({ Sid: 5 })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow()], ["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp"]))
            .to.deep.equal([grant(1, "it has no condition on aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp")]);
    });

    it("reads a single Statement object like a list of one, and skips what is not a document or statement", () => {
        expect(grants(allow())).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([null, allow()])).to.deep.equal([grant(2, NO_CONDITION)]);
        expect(publicConnectGrants(null, VPCE)).to.deep.equal([]);
        expect(publicConnectGrants([allow()], VPCE)).to.deep.equal([]);
        expect(publicConnectGrants({ Version: "2012-10-17" }, VPCE)).to.deep.equal([]);
    });

    it("judges whether the Action or NotAction takes in iot:Connect", () => {
        expect(grants([allow({ Action: ["iot:Publish", "iot:Connect"] })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow({ Action: [42, "iot:Connect"] })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow({ Action: "IOT:CONNECT" })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow({ Action: "iot:Publish" })])).to.deep.equal([]);
        expect(grants([{ Effect: "Allow", Resource: "*" }])).to.deep.equal([]);
        expect(grants([{ Effect: "Allow", NotAction: ["iot:Connect", "iot:Publish"], Resource: "*" }])).to.deep.equal([]);
        expect(grants([{ Effect: "Allow", NotAction: ["iot:Publish"], Resource: "*" }])).to.deep.equal([grant(1, NO_CONDITION)]);
    });

    it("reads an empty or missing Resource as every resource, and NotResource as possibly a client", () => {
        expect(grants([allow({ Resource: [] })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([{ Effect: "Allow", Action: "iot:Connect", NotResource: `${CLIENT}*` }])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow(), { Effect: "Deny", Action: "iot:Connect", Condition: offVpce }])).to.deep.equal([]);
    });

    it("is stopped by an unconditioned Deny, and not by a Deny with NotResource or of another action", () => {
        expect(grants([allow(), { Effect: "Deny", Action: "iot:Connect", Resource: "*" }])).to.deep.equal([]);
        expect(grants([allow(), deny(offVpce, { Resource: undefined, NotResource: `${CLIENT}admin` })])).to.deep.equal([grant(1, NO_CONDITION)]);
        expect(grants([allow(), deny(offVpce, { Action: "iot:Publish" })])).to.deep.equal([grant(1, NO_CONDITION)]);
    });

    it("never reports a Deny itself", () => {
        expect(grants([deny({ StringEquals: { "iot:ClientId": "sensor-1" } })])).to.deep.equal([]);
    });

    it("is stopped when any resource of a Deny covers each client resource of the Allow", () => {
        const denyBoth = deny(offVpce, { Resource: ["arn:aws:iot:*:*:client/*", "arn:aws:iot:*:*:topic/*"] });
        expect(grants([allow({ Resource: `${CLIENT}sensor-1` }), denyBoth])).to.deep.equal([]);
        const allowTwo = allow({ Resource: [`${CLIENT}sensor-*`, `${CLIENT}camera-*`] });
        expect(grants([allowTwo, deny(offVpce, { Resource: `${CLIENT}sensor-*` })])).to.deep.equal([grant(1, NO_CONDITION)]);
    });

    it("names each VPC clause that holds without the key", () => {
        const both = { StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" }, StringEqualsIfExists: { "aws:SourceVpc": "vpc-0a1b2c3d" } };
        expect(grants([allow({ Condition: both })], ["aws:SourceVpce", "aws:SourceVpc"])).to.deep.equal([
            grant(1, "StringNotEquals aws:SourceVpce and StringEqualsIfExists aws:SourceVpc hold when the key is absent, as it is on the public endpoint"),
        ]);
        expect(grants([allow({ Condition: { StringNotLike: { "aws:SourceVpce": "vpce-*" } } })])).to.deep.equal([
            grant(1, "StringNotLike aws:SourceVpce holds when the key is absent, as it is on the public endpoint"),
        ]);
    });

    const mayHold: [string, unknown][] = [
        ["a condition on another key only", { StringEquals: { "iot:ClientId": "sensor-1" } }],
        ["a Condition that is null", null],
        ["a Condition that is true", true],
        ["an operator block that is null", { StringEquals: null }],
        ["an operator block that is true", { StringEquals: true }],
        ["an operator IAM does not know", { StringEqualz: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } }],
        ["ForAnyValue:Null", { "ForAnyValue:Null": { "aws:SourceVpce": "true" } }],
        ["NullIfExists", { NullIfExists: { "aws:SourceVpce": "false" } }],
        ["Null with a value neither true nor false", { Null: { "aws:SourceVpce": "maybe" } }],
        ["Null with no value", { Null: { "aws:SourceVpce": [] } }],
        ["Null with false and another value", { Null: { "aws:SourceVpce": ["false", "maybe"] } }],
    ];
    for (const [what, condition] of mayHold) {
        it(`reports an Allow with ${what}: its condition may hold on the public endpoint`, () => {
            expect(grants([allow({ Condition: condition })])).to.deep.equal([grant(1, MAY_HOLD)]);
        });
    }

    // Without the key, a negated operator is true (so such a Deny applies) and a positive one false (so
    // such an Allow does not), unless IfExists or a set operator says otherwise.
    for (const operator of ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"]) {
        it(`a Deny with ${operator} aws:SourceVpce stops public connections`, () => {
            expect(grants([allow(), deny({ [operator]: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } })])).to.deep.equal([]);
        });
    }
    for (const operator of ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "ForAnyValue:StringNotEquals"]) {
        it(`an Allow with ${operator} aws:SourceVpce does not apply on the public endpoint`, () => {
            expect(grants([allow({ Condition: { [operator]: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } } })])).to.deep.equal([]);
        });
    }

    it("reads Null aws:SourceVpce given as a JSON boolean like the string", () => {
        expect(grants([allow(), deny({ Null: { "aws:SourceVpce": true } })])).to.deep.equal([]);
        expect(grants([allow({ Condition: { Null: { "aws:SourceVpce": false } } })])).to.deep.equal([]);
    });
});
