/**
 * The policy config checker (policy-pack/configSchema.ts) as its two readers rely on it: the pack takes
 * a property's default in place of a value its schema refuses, and the offline plan prints every refusal
 * (path, the value as given, what is allowed). Pure calls; expected messages are written out by hand.
 */
import { expect } from "chai";

import { ENFORCEMENT_LEVELS, schemaProblems, showValue } from "../policy-pack/configSchema";

const P = "iot-endpoints-per-vpc.maxEndpointsPerVpc";

describe("config schema: enforcement levels a policy config may set", () => {
    it("are the four levels of the CLI's --policy-pack-config file, in its order", () => {
        expect(ENFORCEMENT_LEVELS).to.deep.equal(["advisory", "mandatory", "remediate", "disabled"]);
    });
});

describe("config schema: how a message shows the value it refuses", () => {
    it("shows JSON values as JSON", () => {
        expect(showValue(60)).to.equal("60");
        expect(showValue("ten")).to.equal("\"ten\"");
        expect(showValue(null)).to.equal("null");
        expect(showValue([8883, 443])).to.equal("[8883,443]");
        expect(showValue({ a: true })).to.equal("{\"a\":true}");
    });

    it("shows a missing value as undefined", () => {
        expect(showValue(undefined)).to.equal("undefined");
    });

    it("shows a value JSON cannot say (a function, a symbol) by its type", () => {
        expect(showValue(() => 1)).to.equal("function");
        expect(showValue(Symbol("s"))).to.equal("symbol");
    });

    it("shows a value JSON refuses to write (a bigint, a cycle) by its type", () => {
        expect(showValue(BigInt(10))).to.equal("bigint");
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        expect(showValue(cycle)).to.equal("object");
    });

    it("keeps JSON of 80 characters whole and cuts 81 to 77 and an ellipsis", () => {
        const eighty = "a".repeat(78); // with its quotes: 80 characters
        expect(showValue(eighty)).to.equal(`"${"a".repeat(78)}"`);
        const eightyOne = "b".repeat(79); // 81 characters
        expect(showValue(eightyOne)).to.equal(`"${"b".repeat(76)}...`);
    });
});

describe("config schema: boolean schemas", () => {
    it("true accepts anything", () => {
        expect(schemaProblems(true, { any: "thing" }, P)).to.deep.equal([]);
    });

    it("false refuses any value, naming the path and the value", () => {
        expect(schemaProblems(false, 1, "p.extra")).to.deep.equal(["p.extra = 1: is not allowed here."]);
    });
});

describe("config schema: types", () => {
    const refused: [string, unknown, string, string][] = [
        ["integer", 1.5, "1.5", `${P} = 1.5: must be an integer, not a number.`],
        ["integer", "60", "\"60\"", `${P} = "60": must be an integer, not a string.`],
        ["number", "60", "\"60\"", `${P} = "60": must be a number, not a string.`],
        ["string", 5, "5", `${P} = 5: must be a string, not a number.`],
        ["boolean", 5, "5", `${P} = 5: must be a boolean, not a number.`],
        ["boolean", "true", "\"true\"", `${P} = "true": must be a boolean, not a string.`],
        ["array", "8883", "\"8883\"", `${P} = "8883": must be an array, not a string.`],
        ["array", { 0: 8883 }, "{\"0\":8883}", `${P} = {"0":8883}: must be an array, not an object.`],
        ["object", 5, "5", `${P} = 5: must be an object, not a number.`],
        ["object", null, "null", `${P} = null: must be an object, not a null.`],
        ["object", [1], "[1]", `${P} = [1]: must be an object, not an array.`],
        ["null", 5, "5", `${P} = 5: must be a null, not a number.`],
        ["null", {}, "{}", `${P} = {}: must be a null, not an object.`],
        ["integer", true, "true", `${P} = true: must be an integer, not a boolean.`],
    ];
    for (const [type, value, shown, message] of refused) {
        it(`type ${type} refuses ${shown} (${typeof value}) with its type named`, () => {
            expect(schemaProblems({ type }, value, P)).to.deep.equal([message]);
        });
    }

    const accepted: [string, unknown, string][] = [
        ["integer", 60, "60"], ["integer", -3, "-3"], ["number", 2.5, "2.5"], ["number", 0, "0"], ["string", "", "\"\""], ["boolean", false, "false"],
        ["array", [], "[]"], ["object", {}, "{}"], ["null", null, "null"],
    ];
    for (const [type, value, shown] of accepted) {
        it(`type ${type} accepts ${shown}`, () => {
            expect(schemaProblems({ type }, value, P)).to.deep.equal([]);
        });
    }

    it("type number refuses values JSON cannot carry (Infinity, NaN), naming them as they are", () => {
        // a config file cannot carry either value, only a config built in code can; JSON would show them as null
        expect(schemaProblems({ type: "number" }, Number.POSITIVE_INFINITY, P)).to.deep.equal([`${P} = Infinity: must be a number, not a non-finite number.`]);
        expect(schemaProblems({ type: "number" }, Number.NaN, P)).to.deep.equal([`${P} = NaN: must be a number, not a non-finite number.`]);
        expect(schemaProblems({ type: "integer" }, Number.NEGATIVE_INFINITY, P)).to.deep.equal([`${P} = -Infinity: must be an integer, not a non-finite number.`]);
    });

    it("a type it does not know is not held against the value", () => {
        expect(schemaProblems({ type: "date" }, 5, P)).to.deep.equal([]);
    });

    it("a list of types accepts a value of any of them and names them all when none fits", () => {
        expect(schemaProblems({ type: ["integer", "null"] }, 3, P)).to.deep.equal([]);
        expect(schemaProblems({ type: ["integer", "null"] }, null, P)).to.deep.equal([]);
        expect(schemaProblems({ type: ["string", "null"] }, 5, P)).to.deep.equal([`${P} = 5: must be a string or a null, not a number.`]);
        expect(schemaProblems({ type: ["integer", "array"] }, "x", P)).to.deep.equal([`${P} = "x": must be an integer or an array, not a string.`]);
    });
});

describe("config schema: enum", () => {
    const levels = { enum: ["advisory", "mandatory"] };

    it("accepts a listed value", () => {
        expect(schemaProblems(levels, "advisory", "p.level")).to.deep.equal([]);
        expect(schemaProblems(levels, "mandatory", "p.level")).to.deep.equal([]);
    });

    it("refuses another value and lists the allowed ones as JSON", () => {
        expect(schemaProblems(levels, "blocking", "p.level")).to.deep.equal(["p.level = \"blocking\": must be one of \"advisory\", \"mandatory\"."]);
    });

    it("compares structured values by their JSON", () => {
        expect(schemaProblems({ enum: [[1, 2], null] }, [1, 2], "p")).to.deep.equal([]);
        expect(schemaProblems({ enum: [[1, 2], null] }, [2, 1], "p")).to.deep.equal(["p = [2,1]: must be one of [1,2], null."]);
    });
});

describe("config schema: minimum and maximum", () => {
    const quota = { type: "integer", minimum: 1, maximum: 255 };

    it("accepts both bounds", () => {
        expect(schemaProblems(quota, 1, P)).to.deep.equal([]);
        expect(schemaProblems(quota, 255, P)).to.deep.equal([]);
    });

    it("refuses one below the minimum, naming it", () => {
        expect(schemaProblems(quota, 0, P)).to.deep.equal([`${P} = 0: must be at least 1.`]);
    });

    it("refuses one above the maximum, naming it", () => {
        expect(schemaProblems(quota, 256, P)).to.deep.equal([`${P} = 256: must be at most 255.`]);
    });

    it("reports both bounds when a schema's own bounds cross", () => {
        expect(schemaProblems({ minimum: 10, maximum: 5 }, 7, "p")).to.deep.equal(["p = 7: must be at least 10.", "p = 7: must be at most 5."]);
    });

    it("bounds apply to numbers only: a string passes them", () => {
        expect(schemaProblems({ type: ["integer", "string"], minimum: 1, maximum: 5 }, "0", "p")).to.deep.equal([]);
        expect(schemaProblems({ type: ["integer", "string"], minimum: 1, maximum: 5 }, "9", "p")).to.deep.equal([]);
    });
});

describe("config schema: arrays", () => {
    const ports = { type: "array", items: { type: "integer" } };

    it("checks every item, naming its index", () => {
        expect(schemaProblems(ports, [8883, "443", 8443, 1.5], "g.allowedPorts")).to.deep.equal([
            "g.allowedPorts[1] = \"443\": must be an integer, not a string.",
            "g.allowedPorts[3] = 1.5: must be an integer, not a number.",
        ]);
        expect(schemaProblems(ports, [8883, 443, 8443], "g.allowedPorts")).to.deep.equal([]);
    });

    it("an array without an items schema takes any items", () => {
        expect(schemaProblems({ type: "array" }, [1, "a", null], "p")).to.deep.equal([]);
    });

    it("an items schema does not apply to a value that is not an array", () => {
        expect(schemaProblems({ items: { type: "integer" } }, 5, "p")).to.deep.equal([]);
        expect(schemaProblems({ items: { type: "integer" } }, "x", "p")).to.deep.equal([]);
    });
});

describe("config schema: objects", () => {
    const settings = {
        type: "object",
        properties: { maxEndpointsPerVpc: { type: "integer", minimum: 1 } },
        required: ["maxEndpointsPerVpc"],
    };

    it("accepts an object that has its required keys with valid values", () => {
        expect(schemaProblems(settings, { maxEndpointsPerVpc: 50 }, "p")).to.deep.equal([]);
    });

    it("names each missing required key", () => {
        expect(schemaProblems(settings, {}, "p")).to.deep.equal(["p.maxEndpointsPerVpc: is required."]);
        expect(schemaProblems({ required: ["a", "b"] }, { b: 1 }, "p")).to.deep.equal(["p.a: is required."]);
    });

    it("checks each declared property, naming it in the path", () => {
        expect(schemaProblems(settings, { maxEndpointsPerVpc: 0 }, "p")).to.deep.equal(["p.maxEndpointsPerVpc = 0: must be at least 1."]);
        expect(schemaProblems(settings, { maxEndpointsPerVpc: "ten" }, "p")).to.deep.equal(["p.maxEndpointsPerVpc = \"ten\": must be an integer, not a string."]);
    });

    it("takes undeclared keys unless additionalProperties says otherwise", () => {
        expect(schemaProblems(settings, { maxEndpointsPerVpc: 5, note: "x" }, "p")).to.deep.equal([]);
        expect(schemaProblems({ ...settings, additionalProperties: false }, { maxEndpointsPerVpc: 5, note: "x" }, "p"))
            .to.deep.equal(["p.note = \"x\": is not allowed here."]);
        expect(schemaProblems({ additionalProperties: { type: "integer" } }, { a: 1, b: "2" }, "p"))
            .to.deep.equal(["p.b = \"2\": must be an integer, not a string."]);
    });

    it("required and properties do not apply to null, arrays, numbers or strings", () => {
        const nullable = { type: ["object", "null"], required: ["a"], properties: { a: { type: "integer" } } };
        expect(schemaProblems(nullable, null, "p")).to.deep.equal([]);
        expect(schemaProblems({ required: ["a"], properties: { 0: { type: "string" } } }, [1], "p")).to.deep.equal([]);
        expect(schemaProblems({ required: ["a"] }, 5, "p")).to.deep.equal([]);
        expect(schemaProblems({ required: ["a"] }, "abc", "p")).to.deep.equal([]);
    });

    it("reports every problem of a nested value at once", () => {
        const schema = {
            type: "object",
            properties: { ports: { type: "array", items: { type: "integer", maximum: 65535 } }, name: { type: "string" } },
            required: ["name"],
        };
        expect(schemaProblems(schema, { ports: [70000, 1] }, "cfg")).to.deep.equal([
            "cfg.name: is required.",
            "cfg.ports[0] = 70000: must be at most 65535.",
        ]);
    });
});
