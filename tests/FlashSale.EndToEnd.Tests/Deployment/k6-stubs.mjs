// Node module hooks (module.register) through which LoadTestScriptsTests runs modules of load-tests/k6/lib
// under node: k6's built-in modules become the small stubs below, and every .js file loads as the ES module
// k6 reads (node would take a .js outside a "type": "module" package for CommonJS). The stubs do only what
// the modules under test use. A test answers their HTTP through globalThis.k6Stub.request and reads what they
// recorded from globalThis.k6Stub.samples.
import { readFile } from 'node:fs/promises';

const stubs = {
  k6: `
    export function check(value, checks) { return Object.keys(checks).every((name) => checks[name](value)); }
    export function sleep() {}
  `,
  // k6 hashes a string as its UTF-8 bytes and writes hex in lower case, as node does.
  'k6/crypto': `
    import { createHash } from 'node:crypto';
    export function sha256(input, encoding) { return createHash('sha256').update(input, 'utf8').digest(encoding); }
    export default { sha256 };
  `,
  // k6's b64encode writes standard base64 with padding (its default 'std') of a string's UTF-8 bytes.
  'k6/encoding': `
    export function b64encode(input) { return Buffer.from(input, 'utf8').toString('base64'); }
    export default { b64encode };
  `,
  'k6/http': `
    export function expectedStatuses(...statuses) { return { statuses }; }
    export function request(method, url, body, params) { return globalThis.k6Stub.request(method, url, body, params); }
    export default { expectedStatuses, request };
  `,
  'k6/metrics': `
    class Metric {
      constructor(name) { this.name = name; }
      add(value, tags) { (globalThis.k6Stub.samples[this.name] ||= []).push({ value, tags: tags || {} }); }
    }
    export class Counter extends Metric {}
    export class Gauge extends Metric {}
    export class Rate extends Metric {}
    export class Trend extends Metric {}
  `,
};

export async function resolve(specifier, context, next) {
  if (Object.hasOwn(stubs, specifier)) {
    return { url: `data:text/javascript,${encodeURIComponent(stubs[specifier])}`, shortCircuit: true };
  }

  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.js')) {
    return { format: 'module', source: await readFile(new URL(url), 'utf8'), shortCircuit: true };
  }

  return next(url, context);
}
