/**
 * A package-lock.json for a consumer folder that depends on this package's tarball alone, taken from
 * this repository's own lockfile, so `npm ci --offline` there needs nothing the repository's `npm ci`
 * did not already put in the npm cache.
 *
 * Why a lockfile and not `npm install --offline <tarball>`: `npm install` builds its tree from the
 * registry's full metadata of every dependency, which `npm ci` never fetches (it stores tarballs, and
 * at most the abbreviated metadata a lockfile entry without `resolved` needs). `npm ci` with a
 * lockfile reads no metadata to build the tree: it fetches each entry exactly as the repository's
 * `npm ci` fetched the same entry (same `resolved`, or same lack of it, same `integrity`), so the
 * cache answers every request.
 *
 * The consumer's entries keep the paths they have in the repository's lockfile (`node_modules/x`,
 * `node_modules/x/node_modules/y`), so each dependency resolves to the same version as it does here.
 * Peer dependencies are not followed: the consumer installs with `--legacy-peer-deps` and takes the
 * peers from the folder it sits in, as a consumer takes them from its own project.
 */

/** One entry of `packages` in a lockfile (v2/v3). */
export interface LockEntry {
    readonly version?: string;
    readonly resolved?: string;
    readonly integrity?: string;
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly optionalDependencies?: Readonly<Record<string, string>>;
    readonly optional?: boolean;
    readonly dev?: boolean;
    readonly devOptional?: boolean;
    readonly peer?: boolean;
    readonly [field: string]: unknown;
}

/** A lockfile, as much of it as this reads and writes. */
export interface Lockfile {
    readonly name: string;
    readonly lockfileVersion: number;
    readonly requires: boolean;
    readonly packages: Readonly<Record<string, LockEntry>>;
}

/** The packed tarball: its file name (next to the consumer's package.json), integrity and manifest. */
export interface PackedTarball {
    readonly filename: string;
    readonly integrity: string;
    readonly manifest: {
        readonly name: string;
        readonly version: string;
        readonly dependencies?: Readonly<Record<string, string>>;
        readonly [field: string]: unknown;
    };
}

/** Manifest fields a lockfile entry records for an installed package (as npm writes them). */
const ENTRY_FIELDS = ["license", "dependencies", "optionalDependencies", "bin", "engines", "peerDependencies", "peerDependenciesMeta"] as const;

/** Flags that say how the repository needs an entry (as a development dependency); the consumer needs it to run. */
const REPOSITORY_FLAGS = new Set(["dev", "devOptional", "peer"]);

/** The lockfile of a consumer named `consumerName` whose only dependency is `tarball`. */
export function consumerLock(repoLock: Lockfile, tarball: PackedTarball, consumerName: string): Lockfile {
    const { name, version } = tarball.manifest;
    const spec = `file:${tarball.filename}`;
    const own: Record<string, unknown> = { version, resolved: spec, integrity: tarball.integrity };
    for (const field of ENTRY_FIELDS) {
        if (tarball.manifest[field] !== undefined) {
            own[field] = tarball.manifest[field];
        }
    }
    const closure = dependencyClosure(repoLock.packages, Object.keys(tarball.manifest.dependencies ?? {}));
    return {
        name: consumerName,
        lockfileVersion: 3,
        requires: true,
        packages: {
            "": { name: consumerName, dependencies: { [name]: spec } },
            [`node_modules/${name}`]: own,
            ...Object.fromEntries(closure.map((p) => [p, withoutRepositoryFlags(repoLock.packages[p])])),
        },
    };
}

/**
 * The lockfile paths of `roots` (required from the top of the tree) and everything they need, in the
 * order first reached. Throws when a required dependency is not in the lockfile.
 */
export function dependencyClosure(packages: Readonly<Record<string, LockEntry>>, roots: readonly string[]): string[] {
    const found: string[] = [];
    const queue: { from: string; name: string; optional: boolean }[] = roots.map((name) => ({ from: "", name, optional: false }));
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const at = resolveFrom(packages, next.from, next.name);
        if (at === undefined) {
            if (next.optional) {
                continue; // an optional dependency npm did not install here (another platform's)
            }
            throw new Error(`consumerLock: ${next.name}, needed by ${next.from || "the package"}, is not in package-lock.json; run npm install to update the lockfile`);
        }
        if (found.includes(at)) {
            continue;
        }
        found.push(at);
        const entry = packages[at];
        queue.push(...Object.keys(entry.dependencies ?? {}).map((name) => ({ from: at, name, optional: false })));
        queue.push(...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ from: at, name, optional: true })));
    }
    // Every path found is nested in its requirer or one of the requirer's ancestors, all found before
    // it: the consumer's tree holds every entry where the repository's holds it.
    return found;
}

/** Where Node finds `name` required from the package at lockfile path `from` ("" for the top). */
function resolveFrom(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
    for (let dir = from; ; dir = parentOf(dir)) {
        const candidate = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
        if (packages[candidate] !== undefined) {
            return candidate;
        }
        if (dir === "") {
            return undefined;
        }
    }
}

/** The package a lockfile path is nested in: `node_modules/a` for `node_modules/a/node_modules/b`, "" at the top. */
function parentOf(path: string): string {
    const i = path.lastIndexOf("/node_modules/");
    return i < 0 ? "" : path.slice(0, i);
}

function withoutRepositoryFlags(entry: LockEntry): LockEntry {
    return Object.fromEntries(Object.entries(entry).filter(([k]) => !REPOSITORY_FLAGS.has(k)));
}
