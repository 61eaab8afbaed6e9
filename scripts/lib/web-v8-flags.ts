/**
 * V8 flags the web server runs with (deploy/k8s web command, Dockerfile CMD):
 * - the heap limits: the heap stays near what it retains (~65 MB) instead of letting
 *   garbage grow it past 250 MB (V8 sizes its default limit from the machine's memory,
 *   not the pod's 256Mi);
 * - --liftoff-only: Prisma's query compiler (WebAssembly) stays in V8's baseline
 *   compiler, Liftoff. V8 optimised its hot functions with TurboFan when the client
 *   first loaded the schema: compiler memory on background threads that glibc kept
 *   resident afterwards (thread arenas 26-32 MB; 9 MB without). --no-wasm-tier-up, the
 *   flag that sounds right, changed nothing measurable (V8's dynamic tiering still tiers
 *   up). V8 lists --liftoff-only "for testing": it gives no TurboFan fallback, so a
 *   function Liftoff cannot compile fails the module; Prisma would then fail at connect,
 *   loudly, not run slower (bench:memory runs the built server with these flags).
 *   The compiler runs at connect and on a query-plan cache miss (Prisma caches 1,000 plans).
 * npm run bench:memory measures with them; test/unit/k8s.test.ts keeps the manifests in step.
 */
export const WEB_V8_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128', '--liftoff-only'] as const

/**
 * glibc malloc settings of the image (Dockerfile ENV, so web, worker and migrations).
 * Setting the trim threshold at all turns off glibc's dynamic thresholds: after a large
 * block (a module's source, a compression buffer) was freed, glibc raised its mmap
 * threshold to that size and its trim threshold to twice it, so freed memory of up to
 * 64 MiB per arena stayed resident. With it fixed at glibc's own default (128 KiB) the
 * main arena of the web process held 8.5 MB instead of 21 MB (npm run bench:memory,
 * docs/architecture.md "Web process memory"). test/unit/image.test.ts keeps the
 * Dockerfile in step; bench:memory starts the server with them.
 */
export const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: '131072' } as const
