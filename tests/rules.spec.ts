import { expect } from "chai";

import {
    capacityShortfall,
    carriesDevices,
    cidrContains,
    coversPublicSpace,
    coversWholeInternet,
    devicesCarried,
    endpointsNeeded,
    interfaceEndpointsRequested,
    quotaExcess,
    isAtsDataEndpointName,
    isChinaRegion,
    isCredentialProviderName,
    isIotService,
    isLegacyDataEndpointName,
    isOpenToWorld,
    isRegionWideIotZone,
    parseIpv4Cidr,
    parseServiceName,
    ruleOpensNonDevicePorts,
    serviceNameFor,
} from "../components/rules";

describe("rules: service names", () => {
    const table: [string, boolean, boolean][] = [
        ["com.amazonaws.us-east-1.iot.data", true, true],
        ["cn.com.amazonaws.cn-north-1.iot.data", true, true],
        ["com.amazonaws.us-gov-west-1.iot.data", true, true],
        ["com.amazonaws.eu-west-1.iot.credentials", true, false],
        ["com.amazonaws.eu-west-1.iot.api", true, false],
        ["com.amazonaws.us-east-1.s3", false, false],
        ["com.amazonaws.us-east-1.iotwireless.api", false, false],
        ["com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", false, false],
        ["not a service", false, false],
    ];
    for (const [name, iot, data] of table) {
        it(`${name}: IoT ${iot}, data ${data}`, () => {
            const service = parseServiceName(name)?.service;
            expect(service !== undefined && isIotService(service)).to.equal(iot);
            expect(service === "iot.data").to.equal(data);
        });
    }

    it("parses the partition prefix, region and service", () => {
        expect(parseServiceName("cn.com.amazonaws.cn-northwest-1.iot.data")).to.deep.equal({ prefix: "cn.com.amazonaws", region: "cn-northwest-1", service: "iot.data" });
    });

    it("builds service names in the region's partition", () => {
        expect(serviceNameFor("us-east-1", "iot.data")).to.equal("com.amazonaws.us-east-1.iot.data");
        expect(serviceNameFor("cn-north-1", "iot.data")).to.equal("cn.com.amazonaws.cn-north-1.iot.data");
    });

    it("knows the China regions", () => {
        expect(["cn-north-1", "cn-northwest-1"].every(isChinaRegion)).to.equal(true);
        expect(["us-east-1", "ca-central-1", "us-gov-west-1"].some(isChinaRegion)).to.equal(false);
    });
});

describe("rules: DNS names", () => {
    const table: [string, "ats" | "legacy" | "zone" | "credentials" | "other"][] = [
        ["a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", "ats"],
        ["A3K7ODSHAIIPE8-ATS.iot.us-east-1.amazonaws.com.", "ats"],
        ["a3k7odshaiipe8-ats.iot.cn-northwest-1.amazonaws.com.cn", "ats"],
        ["a3k7odshaiipe8.ats.iot.cn-north-1.amazonaws.com.cn", "ats"],
        ["a3k7odshaiipe8.iot.us-east-1.amazonaws.com", "legacy"],
        ["iot.us-east-1.amazonaws.com", "zone"],
        ["c1a2b3c4d5e6f7.credentials.iot.eu-west-1.amazonaws.com", "credentials"],
        ["devices.example.com", "other"],
    ];
    for (const [name, kind] of table) {
        it(`${name} is ${kind}`, () => {
            expect(isAtsDataEndpointName(name)).to.equal(kind === "ats");
            expect(isLegacyDataEndpointName(name)).to.equal(kind === "legacy");
            expect(isRegionWideIotZone(name)).to.equal(kind === "zone");
            expect(isCredentialProviderName(name)).to.equal(kind === "credentials");
        });
    }
});

describe("rules: CIDRs and ports", () => {
    it("parses CIDRs and refuses host bits and bad octets", () => {
        expect(parseIpv4Cidr("10.20.0.0/16")).to.deep.equal({ network: (10 << 24) + (20 << 16), prefixLength: 16 });
        for (const bad of ["10.20.0.1/16", "10.256.0.0/16", "10.0.0.0/33", "10.0.0.0", "fd00::/8", "010.0.0.0/8"]) {
            expect(parseIpv4Cidr(bad), bad).to.equal(undefined);
        }
    });

    it("tests membership", () => {
        expect(cidrContains("10.20.16.0/20", "10.20.31.255")).to.equal(true);
        expect(cidrContains("10.20.16.0/20", "10.20.32.0")).to.equal(false);
        expect(cidrContains("0.0.0.0/0", "8.8.8.8")).to.equal(true);
    });

    it("knows the whole internet", () => {
        expect(isOpenToWorld("0.0.0.0/0")).to.equal(true);
        expect(isOpenToWorld("::/0")).to.equal(true);
        expect(isOpenToWorld("10.0.0.0/8")).to.equal(false);
    });

    const rules: [string, number, number, boolean][] = [
        ["tcp", 8883, 8883, false], ["tcp", 443, 443, false], ["6", 8443, 8443, false],
        ["tcp", 443, 8883, true], ["tcp", 22, 22, true], ["udp", 443, 443, true], ["-1", 0, 0, true], ["tcp", 8883, 8443, true],
    ];
    for (const [protocol, from, to, opens] of rules) {
        it(`${protocol} ${from}-${to} ${opens ? "opens" : "does not open"} non-device ports`, () => {
            expect(ruleOpensNonDevicePorts(protocol, from, to)).to.equal(opens);
        });
    }

    it("narrows the allowed ports to a subset of the device ports, never beyond them", () => {
        expect(ruleOpensNonDevicePorts("tcp", 443, 443, [8883])).to.equal(true);
        expect(ruleOpensNonDevicePorts("tcp", 8883, 8883, [8883])).to.equal(false);
        expect(ruleOpensNonDevicePorts("tcp", 22, 22, [22, 8883])).to.equal(true);
    });
});

describe("rules: public address space", () => {
    const table: [string[], boolean, boolean][] = [
        [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], false, false],
        [["100.64.0.0/10"], false, false],
        [["10.0.0.0/7"], true, false], // 11.0.0.0/8 is public
        [["172.0.0.0/11"], true, false], // 172.0.0.0 to 172.15.255.255 are public
        [["203.0.113.0/24"], true, false],
        [["0.0.0.0/1", "128.0.0.0/1"], true, true],
        [["0.0.0.0/0"], true, true],
        [["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], true, true],
        [["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"], true, false], // 224.0.0.0/3 left out
        [["not-a-cidr"], false, false],
    ];
    for (const [cidrs, publicSpace, internet] of table) {
        it(`${cidrs.join(" + ")}: public ${publicSpace}, whole internet ${internet}`, () => {
            expect(coversPublicSpace(cidrs)).to.equal(publicSpace);
            expect(coversWholeInternet(cidrs)).to.equal(internet);
        });
    }
});

describe("rules: capacity verdicts", () => {
    // devices, utilization %, endpoints needed (computed by hand: ceil(devices / (100,000 x u%)))
    const table: [number, number, number][] = [
        [1, 100, 1], [100_000, 100, 1], [100_001, 100, 2], [2_500_000, 100, 25], [2_500_000, 80, 32], [80_000, 80, 1], [80_001, 80, 2], [10_000_000, 100, 100],
    ];
    for (const [devices, u, endpoints] of table) {
        it(`${devices} devices at ${u}% need ${endpoints} endpoint(s)`, () => {
            expect(endpointsNeeded(devices, u)).to.equal(endpoints);
            expect(carriesDevices(endpoints, devices, u)).to.equal(true);
            expect(capacityShortfall(endpoints - 1, devices, u)).to.be.greaterThan(endpoints > 1 ? 0 : -1);
        });
    }

    it("counts a quota's excess and a component's endpoints with its credential provider", () => {
        expect(quotaExcess(51, 50)).to.equal(1);
        expect(quotaExcess(50, 50)).to.equal(0);
        expect(interfaceEndpointsRequested({ expectedConnections: 250_000, credentialEndpoints: 2 })).to.equal(5);
        expect(interfaceEndpointsRequested({ expectedConnections: 250_000, utilizationPercent: 80 })).to.equal(4);
        expect(interfaceEndpointsRequested({ endpointCount: 0 })).to.equal(undefined);
        expect(devicesCarried(3, 100)).to.equal(300_000);
    });
});
