/**
 * V8 limits the web server runs with (deploy/k8s web command, Dockerfile CMD): the heap
 * stays near what it retains (~65 MB) instead of letting garbage grow it past 250 MB
 * (V8 sizes its default limit from the machine's memory, not the pod's 256Mi).
 * npm run bench:memory measures with them; test/unit/k8s.test.ts keeps the manifests in step.
 */
export const WEB_V8_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128'] as const
