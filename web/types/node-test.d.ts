// The parts of Node's built-in test runner the console's unit tests use
// (web/tests, run by `node --test` after esbuild bundles them).

declare module "node:test" {
    export function test(name: string, body: () => void | Promise<void>): void;
}

declare module "node:assert/strict" {
    export function equal<T>(actual: T, expected: T, message?: string): void;
    export function deepEqual<T>(actual: T, expected: T, message?: string): void;
    export function ok(value: unknown, message?: string): asserts value;
}
