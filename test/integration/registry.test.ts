import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCa, issueCertificate, signCms, type TIssuedCertificate } from '../../server/lib/pki/ca'
import { useDb } from '../../server/lib/db'
import { unseal } from '../../server/lib/seal'
import { publish } from '../../server/events'
import { resetConfigForTests } from '../../server/lib/config'
import { startFakeEsedo } from '../fakes/esedo'
import { activeUser, call } from '../helpers/auth'
import { startCabinetEnv, uploadFile, type TCabinetEnv } from '../helpers/cabinet-env'
import { runOutboxEvents } from '../helpers/outbox-events'
import { adminToken, inviteAndAccept, ownerWithWorkspace, VALID_BIN, VALID_INN10 } from '../helpers/workspace'

// The registry through its routes: numbering per workspace and year under concurrency,
// parties' tax ids checked, the status following the file's signing request and
// signatures through the real events, cards from generated documents, the export
// (CSV and XLSX read back) and the dictionaries with their editors' rights.

let env: TCabinetEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
let owner: TUser
let member: TUser
let viewer: TUser
let outsider: TUser
let companyId: string
let otherCompanyId: string
let person: TIssuedCertificate
let second: TIssuedCertificate

const IIN = '900101300126'
const IIN2 = '851231400011'

beforeAll(async () => {
  const ca = await createCa({ commonName: 'D24 REGISTRY TEST ROOT' })
  ;[person, second] = await Promise.all([
    issueCertificate(ca, { commonName: 'ИВАНОВ ИВАН', surname: 'ИВАНОВ', givenName: 'ИВАН', iin: IIN, keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
    issueCertificate(ca, { commonName: 'ПЕТРОВА АННА', surname: 'ПЕТРОВА', givenName: 'АННА', iin: IIN2, keyUser: ['INDIVIDUAL'], usage: 'SIGN' }),
  ])
  env = await startCabinetEnv('registry', ['auth', 'workspace', 'explorer', 'signing', 'registry'], { trustedPem: ca.cert.pem })
  base = env.base
  const company = await ownerWithWorkspace(base, 'Registry LLP')
  owner = company.owner
  companyId = company.workspace.id
  ;[member, viewer] = await Promise.all([activeUser(base), activeUser(base)])
  await inviteAndAccept(base, owner.accessToken, companyId, member, 'member')
  await inviteAndAccept(base, owner.accessToken, companyId, viewer, 'viewer')
  const other = await ownerWithWorkspace(base, 'Other LLP')
  outsider = other.owner
  otherCompanyId = other.workspace.id
}, 90_000)

afterAll(() => env?.close())

const create = (u: TUser, body: Record<string, unknown>) => call(base, 'POST', '/api/registry/cards', { token: u.accessToken, body: { workspaceId: companyId, ...body } })
const patch = (u: TUser, id: string, body: unknown) => call(base, 'PATCH', `/api/registry/cards/${id}`, { token: u.accessToken, body })
const card = async (id: string) => (await call(base, 'GET', `/api/registry/cards/${id}`, { token: owner.accessToken })).body

const contract = (n: string) => Buffer.from(`%PDF-1.4\n% registry contract ${n}\ntrailer <<>>\n%%EOF\n`)

/** A clean file of the company workspace. */
const fileWith = (bytes: Buffer) => uploadFile(base, owner.accessToken, companyId, 'Договор.pdf', bytes)

/** The registry's listeners over what explorer published about the file, as the worker runs them (each event once). */
async function registryHears(fileId: string): Promise<void> {
  await runOutboxEvents('registry', 'SigningRequestUpdated', 'fileId', fileId)
  await runOutboxEvents('registry', 'FileSigned', 'fileId', fileId)
}

async function partyTokens(requestId: string): Promise<string[]> {
  const rows = await useDb().signingParty.findMany({ where: { requestId }, orderBy: { position: 'asc' } })
  return rows.map((r) => /\/sign\/([A-Za-z0-9_-]+)/.exec(unseal(r.linkSealed))![1]!)
}
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64')

describe('numbering', () => {
  it('gives cards created at once consecutive numbers of the year, a new year starts at 1, and the admin\'s prefix applies to the next', async () => {
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => create(member, { title: `Договор ${i}`, date: '2026-03-10' })))
    for (const r of made) expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(made.map((r) => r.body.number).sort()).toEqual(['2026-0001', '2026-0002', '2026-0003', '2026-0004', '2026-0005', '2026-0006'])
    expect(made.every((r) => r.body.status === 'draft')).toBe(true)

    const lastYear = await create(member, { title: 'Прошлогодний', date: '2025-12-31' })
    expect(lastYear.body.number).toBe('2025-0001')

    expect((await call(base, 'PUT', '/api/registry/settings', { token: member.accessToken, body: { workspaceId: companyId, prefix: 'Д-' } })).status).toBe(403)
    const bad = await call(base, 'PUT', '/api/registry/settings', { token: owner.accessToken, body: { workspaceId: companyId, prefix: 'Д <script>' } })
    expect(bad.status).toBe(400)
    const set = await call(base, 'PUT', '/api/registry/settings', { token: owner.accessToken, body: { workspaceId: companyId, prefix: 'Д-' } })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    expect((await call(base, 'GET', `/api/registry/settings?workspaceId=${companyId}`, { token: viewer.accessToken })).body).toEqual({ prefix: 'Д-' })
    const next = await create(owner, { title: 'С префиксом', date: '2026-04-01' })
    expect(next.body.number).toBe('Д-2026-0007')
    // Numbers already given stay as printed.
    expect((await card(made[0]!.body.id)).number).toMatch(/^2026-000\d$/)
  })
})

describe('cards', () => {
  it('checks parties\' tax ids, the amount\'s currency and the type against the dictionary; viewers read but do not write; other tenants get 404', async () => {
    const badIin = await create(member, { title: 'X', parties: [{ kind: 'person', name: 'Иванов', taxId: '900101300127' }] })
    expect(badIin.status).toBe(400)
    expect(JSON.stringify(badIin.body)).toContain('invalid_iin')
    const badBin = await create(member, { title: 'X', parties: [{ kind: 'company', name: 'ТОО', taxId: '050140005122' }] })
    expect(JSON.stringify(badBin.body)).toContain('invalid_bin')
    const noCurrency = await create(member, { title: 'X', amountMinor: 100 })
    expect(noCurrency.status).toBe(400)
    expect(JSON.stringify(noCurrency.body)).toContain('currency_required')
    const unknownType = await create(member, { title: 'X', typeCode: 'no_such_type' })
    expect(unknownType.status).toBe(400)
    expect(unknownType.body.error.messageKey).toBe('errors.registry.unknown_type')
    expect(await useDb().documentCard.count({ where: { title: 'X' } })).toBe(0)

    const ok = await create(member, {
      title: 'Договор оказания услуг',
      typeCode: 'services',
      amountMinor: 1_500_000_00,
      currency: 'KZT',
      termUntil: '2027-12-31',
      parties: [
        { kind: 'company', name: 'ТОО «Registry LLP»', taxId: VALID_BIN, role: 'Заказчик' },
        { kind: 'company', name: 'ООО «Ромашка»', taxId: VALID_INN10, ogrn: '1027700132195', role: 'Исполнитель' },
        { kind: 'person', name: 'Иванов Иван', taxId: IIN },
      ],
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body).toMatchObject({ typeCode: 'services', amountMinor: 1_500_000_00, currency: 'KZT', termUntil: '2027-12-31', status: 'draft' })
    expect(ok.body.parties.map((p: { role: string | null }) => p.role)).toEqual(['Заказчик', 'Исполнитель', null])

    expect((await create(viewer, { title: 'Нельзя' })).status).toBe(403)
    expect((await call(base, 'GET', `/api/registry/cards/${ok.body.id}`, { token: viewer.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', `/api/registry/cards/${ok.body.id}`, { token: outsider.accessToken })).status).toBe(404)
    expect((await patch(outsider, ok.body.id, { title: 'Чужое' })).status).toBe(404)
    expect((await call(base, 'GET', `/api/registry/cards?workspaceId=${companyId}`, { token: outsider.accessToken })).status).toBe(404)
    // A card in one's own workspace may not point at another workspace's file.
    const theirs = await call(base, 'POST', '/api/explorer/uploads', { token: outsider.accessToken, body: { workspaceId: otherCompanyId, name: 'a.pdf', size: 10 } })
    expect((await create(member, { title: 'Чужой файл', fileId: theirs.body.file.id })).status).toBe(404)

    const edited = await patch(member, ok.body.id, { title: 'Договор услуг №1', amountMinor: null, currency: null, note: 'Оригинал в сейфе' })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body).toMatchObject({ title: 'Договор услуг №1', amountMinor: null, currency: null, note: 'Оригинал в сейфе', number: ok.body.number })
    expect((await patch(member, ok.body.id, { status: 'terminated' })).body.error.messageKey).toBe('errors.registry.not_signed')
  })

  it('filters and pages the register by text, status, type and dates', async () => {
    const list = (q: string) => call(base, 'GET', `/api/registry/cards?workspaceId=${companyId}&${q}`, { token: viewer.accessToken })
    const byParty = await list(`q=${encodeURIComponent('ромашк')}`)
    expect(byParty.body.items.map((c: { title: string }) => c.title)).toEqual(['Договор услуг №1'])
    expect((await list(`q=${VALID_INN10.slice(2, 8)}`)).body.total).toBe(1)
    expect((await list('typeCode=services')).body.total).toBe(1)
    const march = await list('from=2026-03-01&to=2026-03-31&sort=number_asc&perPage=4')
    expect(march.body.total).toBe(6)
    expect(march.body.items.map((c: { number: string }) => c.number)).toEqual(['2026-0001', '2026-0002', '2026-0003', '2026-0004'])
    const page2 = await list('from=2026-03-01&to=2026-03-31&sort=number_asc&perPage=4&page=2')
    expect(page2.body.items.map((c: { number: string }) => c.number)).toEqual(['2026-0005', '2026-0006'])
    expect((await list('status=signed')).body.total).toBe(0)
    expect((await list('perPage=1000')).status).toBe(400)
  })
})

describe('status from the file\'s signatures', () => {
  it('follows the signing request: sent, partly signed, signed; then terminated by a member; parties lock once someone signed', async () => {
    const bytes = contract('S1')
    const fileId = await fileWith(bytes)
    const made = await create(member, {
      title: 'Договор с подписями',
      fileId,
      parties: [
        { kind: 'person', name: 'Иванов Иван', taxId: IIN },
        { kind: 'person', name: 'Петрова Анна', taxId: IIN2 },
      ],
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const id = made.body.id as string
    const twice = await create(member, { title: 'Второй на тот же файл', fileId })
    expect(twice.status).toBe(409)
    expect(twice.body.error.messageKey).toBe('errors.registry.file_has_card')

    const sent = await call(base, 'POST', `/api/explorer/files/${fileId}/signing-requests`, {
      token: owner.accessToken,
      body: { parties: [{ name: 'Иванов Иван', email: `ivanov-${Date.now()}@example.test`, iin: IIN, step: 1 }, { name: 'Петрова Анна', email: `petrova-${Date.now()}@example.test`, iin: IIN2, step: 2 }] },
    })
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    await registryHears(fileId)
    expect((await card(id)).status).toBe('sent')

    const [first, secondToken] = await partyTokens(sent.body.id)
    expect((await call(base, 'POST', `/api/signing/${first}/sign`, { body: { cms: b64(await signCms(bytes, person, { detached: true })) } })).status).toBe(200)
    await registryHears(fileId)
    const partly = await card(id)
    expect(partly.status).toBe('partially_signed')
    expect(partly.parties.map((p: { signedAt: string | null }) => p.signedAt !== null)).toEqual([true, false])
    expect((await patch(member, id, { parties: [{ kind: 'person', name: 'Кто-то', taxId: IIN2 }] })).body.error.messageKey).toBe('errors.registry.parties_locked')

    expect((await call(base, 'POST', `/api/signing/${secondToken}/sign`, { body: { cms: b64(await signCms(bytes, second, { detached: true })) } })).status).toBe(200)
    await registryHears(fileId)
    const signed = await card(id)
    expect(signed.status).toBe('signed')
    expect(signed.parties.every((p: { signedAt: string | null }) => p.signedAt !== null)).toBe(true)

    // Replaying the events changes nothing (each is handled once; the status is the file's state).
    await registryHears(fileId)
    expect((await card(id)).status).toBe('signed')

    expect((await patch(viewer, id, { status: 'terminated' })).status).toBe(403)
    const ended = await patch(member, id, { status: 'terminated' })
    expect(ended.status, JSON.stringify(ended.body)).toBe(200)
    expect(ended.body.status).toBe('terminated')
    const history = await useDb().$queryRaw<{ action: string }[]>`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq`
    expect(history.map((h) => h.action)).toEqual(['card.create', 'card.terminate'])
  })

  it('a declined request marks the card declined; a card made after the signatures starts from the file\'s state', async () => {
    const bytes = contract('S2')
    const fileId = await fileWith(bytes)
    const made = await create(member, { title: 'Откажутся', fileId })
    const sent = await call(base, 'POST', `/api/explorer/files/${fileId}/signing-requests`, {
      token: owner.accessToken,
      body: { parties: [{ name: 'Петрова Анна', email: `decliner-${Date.now()}@example.test`, step: 1 }] },
    })
    const [token] = await partyTokens(sent.body.id)
    expect((await call(base, 'POST', `/api/signing/${token}/decline`, { body: { reason: 'Не согласна с суммой' } })).status).toBe(200)
    await registryHears(fileId)
    expect((await card(made.body.id)).status).toBe('declined')

    // Signed in the cabinet first, registered afterwards: the card is signed at once (no parties listed).
    const other = contract('S3')
    const signedFile = await fileWith(other)
    expect((await call(base, 'POST', `/api/explorer/files/${signedFile}/signatures`, { token: member.accessToken, body: { cms: b64(await signCms(other, person, { detached: true })) } })).status).toBe(201)
    const late = await create(member, { title: 'Уже подписан', fileId: signedFile })
    expect(late.body.status).toBe('signed')
  })
})

describe('cards from generated documents', () => {
  it('CreateDocumentCard makes one card per filling in the owner\'s personal space when the filling has no workspace', async () => {
    const fillingId = crypto.randomUUID()
    const payload = { documentId: crypto.randomUUID(), fillingId, workspaceId: null, ownerId: member.userId, title: 'Договор аренды квартиры' }
    await publish(useDb(), 'CreateDocumentCard', payload)
    await publish(useDb(), 'CreateDocumentCard', { ...payload, documentId: crypto.randomUUID() })
    expect(await runOutboxEvents('registry', 'CreateDocumentCard', 'fillingId', fillingId)).toBe(2)
    const rows = await useDb().documentCard.findMany({ where: { fillingId } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.title).toBe('Договор аренды квартиры')
    expect(rows[0]!.workspaceId).not.toBe(companyId)
    const mine = await call(base, 'GET', `/api/registry/cards?workspaceId=${rows[0]!.workspaceId}`, { token: member.accessToken })
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((c: { fillingId: string }) => c.fillingId)).toEqual([fillingId])
    expect((await call(base, 'GET', `/api/registry/cards?workspaceId=${rows[0]!.workspaceId}`, { token: owner.accessToken })).status).toBe(404)
  })
})

describe('export', () => {
  it('CSV: a BOM, headings in the asked language, one row per card, formulas defused', async () => {
    await create(member, { title: '=HYPERLINK("http://evil.test","x")', date: '2026-05-05' })
    const r = await fetch(`${base}/api/registry/export/csv?workspaceId=${companyId}&locale=kk&sort=number_asc&from=2026-05-01&to=2026-05-31`, { headers: { authorization: `Bearer ${viewer.accessToken}` } })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('text/csv')
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="registry-\d{4}-\d{2}-\d{2}\.csv"/)
    const bytes = new Uint8Array(await r.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]).toBe('Нөмірі,Күні,Құжат түрі,Атауы,Тараптар,Сомасы,Валютасы,Қолданылу мерзімі,Мәртебесі')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`)
    expect(lines[1]).toContain('Жоба')
    expect((await fetch(`${base}/api/registry/export/csv?workspaceId=${companyId}`, { headers: { authorization: `Bearer ${outsider.accessToken}` } })).status).toBe(404)
  })

  it('XLSX: a sheet with the filtered cards, amounts as numbers, types by their labels', async () => {
    await create(member, { title: 'Аренда склада', typeCode: 'lease', amountMinor: 250_000_50, currency: 'KZT', date: '2026-06-01', parties: [{ kind: 'company', name: 'ТОО «Склад»', taxId: VALID_BIN }] })
    const r = await fetch(`${base}/api/registry/export/xlsx?workspaceId=${companyId}&locale=ru&typeCode=lease`, { headers: { authorization: `Bearer ${owner.accessToken}` } })
    expect(r.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await r.arrayBuffer())
    const sheet = book.worksheets[0]!
    expect(sheet.name).toBe('Реестр документов')
    expect(sheet.rowCount).toBe(2)
    const row = sheet.getRow(2).values as unknown[]
    expect(row[1]).toMatch(/^Д-2026-\d{4}$/)
    expect(row.slice(2)).toEqual(['2026-06-01', 'Договор аренды', 'Аренда склада', `ТОО «Склад», ${VALID_BIN}`, 250000.5, 'KZT', undefined, 'Черновик'])
  })
})

describe('dictionaries', () => {
  const list = (u: TUser, q: string) => call(base, 'GET', `/api/registry/dictionaries?${q}`, { token: u.accessToken })

  it('serves the platform\'s document types and regions, searchable in any language', async () => {
    const types = await list(viewer, 'kind=document_type')
    expect(types.status).toBe(200)
    expect(types.body.map((e: { code: string }) => e.code)).toContain('lease')
    expect((await list(viewer, `kind=document_type&q=${encodeURIComponent('жалдау')}`)).body.map((e: { code: string }) => e.code)).toEqual(['lease'])
    expect((await list(viewer, 'kind=kato&q=Almaty')).body.map((e: { code: string }) => e.code).sort()).toEqual(['190000000', '750000000'])
    expect((await list(viewer, 'kind=nonsense')).status).toBe(400)
  })

  it('a workspace admin adds its own types (members see them, other workspaces do not); codes are unique with the platform\'s; archiving hides an entry', async () => {
    expect((await call(base, 'POST', '/api/registry/dictionaries', { token: member.accessToken, body: { kind: 'document_type', workspaceId: companyId, code: 'dealer', label: { ru: 'Дилерский договор' } } })).status).toBe(403)
    expect((await call(base, 'POST', '/api/registry/dictionaries', { token: owner.accessToken, body: { kind: 'document_type', code: 'platform_x', label: { ru: 'X' } } })).status).toBe(403)
    const made = await call(base, 'POST', '/api/registry/dictionaries', { token: owner.accessToken, body: { kind: 'document_type', workspaceId: companyId, code: 'dealer', label: { ru: 'Дилерский договор', kk: 'Дилерлік шарт' } } })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const clash = await call(base, 'POST', '/api/registry/dictionaries', { token: owner.accessToken, body: { kind: 'document_type', workspaceId: companyId, code: 'lease', label: { ru: 'Аренда' } } })
    expect(clash.status).toBe(409)
    expect(clash.body.error.messageKey).toBe('errors.registry.code_taken')

    expect((await list(member, `kind=document_type&workspaceId=${companyId}`)).body.map((e: { code: string }) => e.code)).toContain('dealer')
    expect((await list(outsider, `kind=document_type&workspaceId=${otherCompanyId}`)).body.map((e: { code: string }) => e.code)).not.toContain('dealer')
    expect((await list(outsider, `kind=document_type&workspaceId=${companyId}`)).status).toBe(404)
    // Cards of the workspace may use it; another workspace's cards may not.
    expect((await create(member, { title: 'Дилерство', typeCode: 'dealer' })).status).toBe(201)
    expect((await call(base, 'POST', '/api/registry/cards', { token: outsider.accessToken, body: { workspaceId: otherCompanyId, title: 'Y', typeCode: 'dealer' } })).status).toBe(400)

    expect((await call(base, 'PATCH', `/api/registry/dictionaries/${made.body.id}`, { token: outsider.accessToken, body: { archived: true } })).status).toBe(404)
    const archived = await call(base, 'PATCH', `/api/registry/dictionaries/${made.body.id}`, { token: owner.accessToken, body: { archived: true } })
    expect(archived.body.archived).toBe(true)
    expect((await list(member, `kind=document_type&workspaceId=${companyId}`)).body.map((e: { code: string }) => e.code)).not.toContain('dealer')
    expect((await list(member, `kind=document_type&workspaceId=${companyId}&archived=true`)).body.map((e: { code: string }) => e.code)).toContain('dealer')
  })

  it('a platform admin edits the platform\'s entries', async () => {
    const admin = await adminToken(base)
    const r = await call(base, 'POST', '/api/registry/dictionaries', { token: admin, body: { kind: 'document_type', code: 'franchise', label: { ru: 'Договор франчайзинга', kk: 'Франчайзинг шарты', en: 'Franchise agreement' } } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.workspaceId).toBeNull()
    expect((await list(outsider, 'kind=document_type')).body.map((e: { code: string }) => e.code)).toContain('franchise')
    expect((await call(base, 'PATCH', `/api/registry/dictionaries/${r.body.id}`, { token: owner.accessToken, body: { archived: true } })).status).toBe(403)
  })
})

describe('ESEDO', () => {
  /** A card of the company whose file the member signed in the cabinet: signed at once. */
  async function signedCard(tag: string): Promise<{ id: string; number: string; fileId: string; cms: string }> {
    const bytes = contract(`esedo ${tag}`)
    const fileId = await fileWith(bytes)
    const cms = b64(await signCms(bytes, person, { detached: true }))
    expect((await call(base, 'POST', `/api/explorer/files/${fileId}/signatures`, { token: member.accessToken, body: { cms } })).status).toBe(201)
    const made = await create(member, { title: `Исходящее письмо ${tag}`, fileId, typeCode: 'contract' })
    expect(made.body.status).toBe('signed')
    return { id: made.body.id, number: made.body.number, fileId, cms }
  }
  const send = (u: TUser, id: string, recipientId: string) => call(base, 'POST', `/api/registry/cards/${id}/esedo`, { token: u.accessToken, body: { recipientId } })
  const deliver = (cardId: string) => runOutboxEvents('registry', 'EsedoSendRequested', 'cardId', cardId)
  const RECIPIENT = '960440000220'

  it('queues a signed company document once; the worker\'s call (the sandbox here) marks it sent; what may not be sent is refused', async () => {
    const c = await signedCard('sandbox')
    expect((await send(outsider, c.id, RECIPIENT)).status).toBe(404)
    expect((await send(viewer, c.id, RECIPIENT)).status).toBe(403)
    expect((await send(member, c.id, '123')).status).toBe(400)
    const draft = await create(member, { title: 'Не подписан' })
    expect((await send(member, draft.body.id, RECIPIENT)).body.error.messageKey).toBe('errors.registry.not_signed')
    const personal = (await call(base, 'GET', '/api/workspace', { token: member.accessToken })).body.items.find((w: { kind: string }) => w.kind === 'personal')
    const mine = await call(base, 'POST', '/api/registry/cards', { token: member.accessToken, body: { workspaceId: personal.id, title: 'Личное' } })
    expect((await send(member, mine.body.id, RECIPIENT)).body.error.messageKey).toBe('errors.registry.esedo_company_only')

    const queued = await send(member, c.id, RECIPIENT)
    expect(queued.status, JSON.stringify(queued.body)).toBe(202)
    expect(queued.body.esedo).toMatchObject({ status: 'queued', recipientId: RECIPIENT, messageId: null })
    expect((await send(member, c.id, RECIPIENT)).body.error.messageKey).toBe('errors.registry.esedo_pending')
    expect(await deliver(c.id)).toBe(1)
    const sent = await card(c.id)
    expect(sent.esedo).toMatchObject({ status: 'sent', recipientId: RECIPIENT })
    const [row] = await useDb().$queryRaw<{ driver: string; status: string; payload: { input: { docNo: string; cms: string } } }[]>`
      SELECT driver, status, payload FROM integration_outbox WHERE provider = 'esedo' AND recipient = ${RECIPIENT}`
    expect(row).toMatchObject({ driver: 'sandbox', status: 'recorded' })
    expect(row!.payload.input.docNo).toBe(c.number)
    // The outbox keeps what was sent, not the signature's bytes.
    expect(row!.payload.input.cms).toMatch(/^\[\d+ base64 characters\]$/)
  })

  it('speaks SOAP to the gateway (a local fake): the document and its CMS arrive; a refusal and a wrong password fail the card with the reason; an outage is retried, never sent twice', async () => {
    const fake = await startFakeEsedo({ senderId: 'D24-TEST', password: 'esedo-secret', unknownRecipient: '050140005121' })
    Object.assign(process.env, { ESEDO_URL: fake.url, ESEDO_SENDER_ID: 'D24-TEST', ESEDO_PASSWORD: 'esedo-secret' })
    resetConfigForTests()
    try {
      const c = await signedCard('live')
      expect((await send(member, c.id, RECIPIENT)).status).toBe(202)
      fake.outage = 503
      await expect(deliver(c.id)).rejects.toThrow()
      expect((await card(c.id)).esedo.status).toBe('queued')
      fake.outage = null
      await deliver(c.id)
      expect((await card(c.id)).esedo).toMatchObject({ status: 'sent' })
      expect(fake.received).toHaveLength(1)
      const got = fake.received[0]!
      expect(got).toMatchObject({ serviceId: 'ESEDO_UNIVERSAL_SERVICE', senderId: 'D24-TEST' })
      expect(got.doc).toMatchObject({ docNo: c.number, recipientId: RECIPIENT, docKind: 'contract', secondSignData: c.cms, signerNameRu: 'ИВАНОВ ИВАН' })
      expect((await card(c.id)).esedo.messageId).toBe(got.messageId)
      // Delivered again: handled once, the gateway is not called a second time.
      await deliver(c.id)
      expect(fake.received).toHaveLength(1)
      // A crash after the call and before the card was written (no receipt, still queued): the
      // outbox row of the event's call says it went, so it is not sent again, and the card says sent.
      await useDb().$executeRaw`DELETE FROM event_receipts WHERE listener = 'registry.EsedoSendRequested' AND event_id = ${got.messageId}::uuid`
      await useDb().documentCard.update({ where: { id: c.id }, data: { esedoStatus: 'queued', esedoMessageId: null } })
      await deliver(c.id)
      expect(fake.received).toHaveLength(1)
      expect((await card(c.id)).esedo).toMatchObject({ status: 'sent', messageId: got.messageId })

      const refused = await signedCard('refused')
      await send(member, refused.id, '050140005121')
      await deliver(refused.id)
      const failed = await card(refused.id)
      expect(failed.esedo).toMatchObject({ status: 'failed', error: 'ERR_RCPT: Получатель не зарегистрирован в ЕСЭДО' })
      // A failed sending may be tried again, to another recipient.
      expect((await send(member, refused.id, RECIPIENT)).body.esedo.status).toBe('queued')

      process.env.ESEDO_PASSWORD = 'wrong'
      resetConfigForTests()
      await deliver(refused.id)
      expect((await card(refused.id)).esedo).toMatchObject({ status: 'failed', error: expect.stringContaining('Authentication failed') })
    } finally {
      for (const k of ['ESEDO_URL', 'ESEDO_SENDER_ID', 'ESEDO_PASSWORD']) delete process.env[k]
      resetConfigForTests()
      await fake.close()
    }
  })
})
