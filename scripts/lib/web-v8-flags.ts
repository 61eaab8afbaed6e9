/**
 * V8 flags the web server runs with (deploy/k8s web command, Dockerfile CMD):
 * - the heap limits: the heap stays near what it retains (~65 MB) instead of letting
 *   garbage grow it past 250 MB (V8 sizes its default limit from the machine's memory,
 *   not the pod's 256Mi);
 * - --no-wasm-tier-up: Prisma's query compiler (WebAssembly) stays in V8's baseline
 *   compiler, Liftoff. Optimising its hot functions with TurboFan, which V8 does when the
 *   client first loads the schema, took ~40 MB of compiler memory on a background thread
 *   that glibc kept resident afterwards (thread arenas 26 MB → 5 MB after the first render).
 *   The compiler runs at connect and on a query-plan cache miss (Prisma caches 1,000 plans).
 * npm run bench:memory measures with them; test/unit/k8s.test.ts keeps the manifests in step.
 */
export const WEB_V8_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128', '--no-wasm-tier-up'] as const

/**
 * glibc malloc settings of the image (Dockerfile ENV, so web, worker and migrations).
 * Setting the trim threshold at all turns off glibc's dynamic thresholds: after a large
 * block (a module's source, a compression buffer) was freed, glibc raised its mmap
 * threshold to that size and its trim threshold to twice it, so freed memory of up to
 * 64 MiB per arena stayed resident. With it fixed at glibc's own default (128 KiB) the
 * web process's malloc arenas held 8-13 MB instead of 45-50 MB (npm run bench:memory,
 * docs/architecture.md "Web process memory"). test/unit/image.test.ts keeps the
 * Dockerfile in step; bench:memory starts the server with them.
 */
export const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: '131072' } as const
