/**
 * Issue 21: the consumer lockfile the package test installs the tarball with (`npm ci --offline`), so a new
 * machine needs only what this repository's `npm ci` cached. Hand-made lockfiles, literal expectations.
 */
import { expect } from "chai";

import { LockEntry, Lockfile, consumerLock, dependencyClosure } from "./support/consumerLock";

const PACKAGES: Record<string, LockEntry> = {
    "": { name: "iotvpc", dependencies: { a: "1.0.0" }, devDependencies: { d: "1.0.0" } },
    "node_modules/a": { version: "1.0.0", integrity: "sha512-a", dependencies: { b: "^2.0.0", c: "^1.0.0" }, optionalDependencies: { gone: "^1.0.0", o: "^1.0.0" } },
    "node_modules/a/node_modules/b": { version: "2.1.0", integrity: "sha512-b2", dependencies: { c: "^1.0.0" } },
    "node_modules/b": { version: "1.0.0", integrity: "sha512-b1", dev: true },
    "node_modules/c": { version: "1.2.0", resolved: "https://registry.example/c/-/c-1.2.0.tgz", integrity: "sha512-c", peer: true, devOptional: true },
    "node_modules/o": { version: "1.0.0", integrity: "sha512-o", optional: true },
    "node_modules/d": { version: "1.0.0", integrity: "sha512-d", dev: true, dependencies: { c: "^1.0.0" } },
    "node_modules/d/node_modules/e": { version: "1.0.0", integrity: "sha512-e", dev: true },
};
const LOCK: Lockfile = { name: "iotvpc", lockfileVersion: 3, requires: true, packages: PACKAGES };

describe("consumer lockfile from this repository's lockfile", () => {
    it("takes what the roots need, nested where Node finds it, optional ones npm installed, in the order reached", () => {
        expect(dependencyClosure(PACKAGES, ["a"])).to.deep.equal(["node_modules/a", "node_modules/a/node_modules/b", "node_modules/c", "node_modules/o"]);
    });

    it("pins the tarball by file and integrity, and copies each entry as the repository's npm ci fetched it, without its development flags", () => {
        const lock = consumerLock(LOCK, {
            filename: "iotvpc-0.1.0.tgz",
            integrity: "sha512-tarball",
            manifest: { name: "iotvpc", version: "0.1.0", license: "Apache-2.0", dependencies: { a: "1.0.0" }, peerDependencies: { p: "^1.0.0" }, scripts: { build: "tsc" } },
        }, "consumer");
        expect(lock).to.deep.equal({
            name: "consumer",
            lockfileVersion: 3,
            requires: true,
            packages: {
                "": { name: "consumer", dependencies: { iotvpc: "file:iotvpc-0.1.0.tgz" } },
                "node_modules/iotvpc": {
                    version: "0.1.0", resolved: "file:iotvpc-0.1.0.tgz", integrity: "sha512-tarball", license: "Apache-2.0",
                    dependencies: { a: "1.0.0" }, peerDependencies: { p: "^1.0.0" },
                },
                "node_modules/a": PACKAGES["node_modules/a"],
                "node_modules/a/node_modules/b": PACKAGES["node_modules/a/node_modules/b"],
                "node_modules/c": { version: "1.2.0", resolved: "https://registry.example/c/-/c-1.2.0.tgz", integrity: "sha512-c" },
                "node_modules/o": { version: "1.0.0", integrity: "sha512-o", optional: true },
            },
        });
    });

    it("refuses a dependency the lockfile lacks, saying to update it", () => {
        expect(() => dependencyClosure(PACKAGES, ["missing"])).to.throw("consumerLock: missing, needed by the package, is not in package-lock.json; run npm install to update the lockfile");
    });
});
