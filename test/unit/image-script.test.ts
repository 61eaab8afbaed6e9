import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/deploy'

/**
 * `npm run image` with stand-in `docker` commands on PATH: one machine has no docker,
 * another only the CLI (no engine), another a working one. The script must tell each
 * case apart, never hang, and build with the tag and name the manifests expect.
 */
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function fakeDocker(script: string): { bin: string; calls: string } {
  const bin = mkdtempSync(path.join(tmpdir(), 'd24-docker-'))
  dirs.push(bin)
  const calls = path.join(bin, 'calls.log')
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\necho "$@" >> ${calls}\n${script}\n`)
  chmodSync(path.join(bin, 'docker'), 0o755)
  return { bin, calls }
}

function runImage(bin: string, extra: string[] = [], env: Record<string, string> = {}) {
  const started = Date.now()
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/image.mjs'), ...extra], {
    cwd: ROOT,
    // Only the stand-in directory and the system's shell tools: no real docker.
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir(), D24_DOCKER_INFO_TIMEOUT_MS: '1500', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { ...r, ms: Date.now() - started }
}

const image = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { config: { image: string } }).config.image

describe('npm run image', () => {
  it('is a package script', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.image).toBe('node scripts/image.mjs')
  })

  it('without docker: says so and exits non-zero', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'd24-nodocker-'))
    dirs.push(empty)
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/image.mjs')], { cwd: ROOT, env: { PATH: empty }, encoding: 'utf8', timeout: 30_000 })
    expect(r.status).not.toBe(0)
    expect(r.status).not.toBeNull()
    expect(r.stderr).toMatch(/docker CLI is not installed/i)
  })

  it('with the CLI but no engine: names the problem, exits non-zero, builds nothing', () => {
    const { bin, calls } = fakeDocker(
      '[ "$1" = info ] && { echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1; }\nexit 0',
    )
    const r = runImage(bin)
    expect(r.status).toBe(69)
    expect(r.stderr).toMatch(/no Docker engine/i)
    expect(r.stderr).toMatch(/Cannot connect to the Docker daemon/)
    expect(readFileSync(calls, 'utf8')).not.toMatch(/^build/m)
  })

  it('with an engine that does not answer: gives up after the timeout instead of hanging', () => {
    const { bin } = fakeDocker('[ "$1" = info ] && exec sleep 60\nexit 0')
    const r = runImage(bin)
    expect(r.status).toBe(69)
    expect(r.stderr).toMatch(/did not answer/i)
    expect(r.ms).toBeLessThan(20_000)
  })

  it('with an engine: builds the Dockerfile with the image name and the given tag', () => {
    const { bin, calls } = fakeDocker('exit 0')
    const r = runImage(bin, ['--tag', '1.2.3'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const build = readFileSync(calls, 'utf8').split('\n').find((l) => l.startsWith('build '))!
    expect(build).toContain(`--tag ${image}:1.2.3`)
    expect(build).toContain('--file Dockerfile')
    expect(build).toContain('--build-arg APP_VERSION=1.2.3')
    expect(build.trim().endsWith(' .')).toBe(true)
  })

  it('passes the optional LibreOffice and ClamAV slots through as build arguments', () => {
    const { bin, calls } = fakeDocker('exit 0')
    const r = runImage(bin, ['--tag', 't', '--with', 'libreoffice,clamav'])
    expect(r.status).toBe(0)
    const build = readFileSync(calls, 'utf8')
    expect(build).toContain('--build-arg WITH_LIBREOFFICE=true')
    expect(build).toContain('--build-arg WITH_CLAMAV=true')
  })
})
