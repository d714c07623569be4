/**
 * Problems with arguments: one per bad argument, naming it, its value and the fix, reported together.
 * Pure: imports nothing from `@pulumi/*`.
 */

/** One thing wrong with the input: which argument, its value, and how to fix it. */
export interface Problem {
    readonly argument: string;
    readonly value: string;
    readonly problem: string;
    readonly fix: string;
}

/** Thrown when a component's arguments are invalid; lists every problem. */
export class InvalidArgumentsError extends Error {
    constructor(
        readonly component: string,
        readonly problems: readonly Problem[],
    ) {
        super(formatProblems(component, problems));
        this.name = "InvalidArgumentsError";
        // A deploy-time error rejects an Output that every child resource reads; the SDK prefixes the
        // shared error's message with 'error serializing property "x": ' once per child. Keep the list
        // of problems readable: the message stays what it says.
        const message = this.message;
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
    }
}

export function formatProblems(component: string, problems: readonly Problem[]): string {
    const lines = problems.map((p) => `  - ${p.argument} = ${p.value}: ${p.problem} Fix: ${p.fix}`);
    const noun = problems.length === 1 ? "problem" : "problems";
    return `${component} has ${problems.length} invalid argument ${noun}:\n${lines.join("\n")}`;
}

/** Throws `InvalidArgumentsError` when `problems` is not empty. */
export function throwIfProblems(component: string, problems: readonly Problem[]): void {
    if (problems.length > 0) {
        throw new InvalidArgumentsError(component, problems);
    }
}

/** Renders a value for a message: strings quoted, arrays and objects as JSON, `undefined` as such. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    if (typeof value === "number") {
        return String(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

