#!/usr/bin/env node
// `npm run image [-- --tag <tag>] [--with libreoffice,clamav]`: builds the release
// image from the Dockerfile, named as the manifests expect (package.json config.image).
// Plain Node, no dependencies. Without a working Docker engine it says what is missing
// and exits 69 (EX_UNAVAILABLE) instead of hanging.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const IMAGE = pkg.config.image
const EX_UNAVAILABLE = 69
const INFO_TIMEOUT_MS = Number(process.env.D24_DOCKER_INFO_TIMEOUT_MS ?? 10_000)
const SLOTS = { libreoffice: 'WITH_LIBREOFFICE', clamav: 'WITH_CLAMAV' }

function fail(message, code = EX_UNAVAILABLE) {
  process.stderr.write(`npm run image: ${message}\n`)
  process.exit(code)
}

const { values } = parseArgs({ options: { tag: { type: 'string' }, with: { type: 'string' } } })

function defaultTag() {
  const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' })
  return sha.status === 0 ? `${pkg.version}-${sha.stdout.trim()}` : pkg.version
}
const tag = values.tag ?? defaultTag()
if (!/^[\w][\w.-]{0,127}$/.test(tag)) fail(`"${tag}" is not a valid image tag`, 64)
const slots = (values.with ?? '').split(',').filter(Boolean)
for (const s of slots) if (!SLOTS[s]) fail(`--with ${s}: known slots are ${Object.keys(SLOTS).join(', ')}`, 64)

const cli = spawnSync('docker', ['--version'], { encoding: 'utf8', timeout: INFO_TIMEOUT_MS })
if (cli.error?.code === 'ENOENT') fail('the docker CLI is not installed (https://docs.docker.com/engine/install/); nothing was built.')

// `docker info` talks to the engine: it fails at once when no daemon listens on the
// socket, but a remote DOCKER_HOST that does not answer would block, hence the timeout.
const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: INFO_TIMEOUT_MS })
if (info.error?.code === 'ETIMEDOUT' || info.signal) {
  fail(`the Docker engine did not answer within ${INFO_TIMEOUT_MS / 1000} s (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'default socket'}); nothing was built.`)
}
if (info.status !== 0) {
  const why = `${info.stderr ?? ''}${info.stdout ?? ''}`.trim()
  fail(`the docker CLI is here but no Docker engine answers${why ? `:\n  ${why}` : ''}\nStart the Docker daemon (or point DOCKER_HOST at one) and run this again; nothing was built.`)
}

const args = ['build', '--file', 'Dockerfile', '--tag', `${IMAGE}:${tag}`, '--build-arg', `APP_VERSION=${tag}`]
for (const s of slots) args.push('--build-arg', `${SLOTS[s]}=true`)
args.push('.')
process.stdout.write(`docker ${args.join(' ')}\n`)
const b = spawnSync('docker', args, { cwd: ROOT, stdio: 'inherit' })
if (b.status !== 0) fail(`docker build failed (exit ${b.status ?? b.signal})`, 1)
process.stdout.write(`built ${IMAGE}:${tag}\nNext: docker tag ${IMAGE}:${tag} <registry>/${IMAGE}:${tag} && docker push …, then set the tag in deploy/k8s/overlays/<region> (deploy/README.md).\n`)
