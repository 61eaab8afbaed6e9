import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PHONE, openPage, saveScreenshot, seriousAxeViolations } from '../helpers/browser'
import { activeAccount, field, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'
import { ZTemplateBodySchema, type TTemplateBody } from '../../shared/template-body'
import { editorJsonToBody } from '../../layers/constructor/utils/template-editor-json'

// The lawyers' template editor (layers/constructor): a lawyer creates a template, builds its
// questionnaire (a yes/no question, a repeating group), writes the body with a field token, a
// clause and a repeat; publishing refuses with the engine's problem shown, then publishes
// version 1 after the fix. Then the whole lease template goes through the TipTap editor and
// comes back as the same JSON (no DOM in the unit tests: TipTap needs a browser).

const stamp = Date.now().toString(36)
const LAWYER = `lawyer-${stamp}@example.kz`
const PASSWORD = 'Lawyer-pass-42'

let app: TE2eApp
let page: Page

beforeAll(async () => {
  app = await startE2eApp('e2e_constructor_editor')
  await activeAccount(app, LAWYER, PASSWORD)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','lawyer'] WHERE email = $1`, [LAWYER])
  const tracked = await openPage(app.browser, app.server.url, { viewport: { width: 1366, height: 900 }, locale: 'ru-RU' })
  app.opened.push(tracked)
  page = tracked.page
  await signIn(page, app.server.url, LAWYER, PASSWORD)
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'constructor-editor'))

async function choose(testId: string, option: string) {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}
const saved = () => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()

describe('constructor template editor', () => {
  let templateId = ''

  it('creates, builds, refuses with a problem, then publishes version 1', async () => {
    await page.goto(`${app.server.url}/constructor/templates`)
    await field(page, 'new-title-ru').fill('Договор аренды (тест)')
    await page.getByTestId('new-submit').click()
    await page.waitForURL(/\/constructor\/templates\/[0-9a-f-]{36}$/)
    templateId = page.url().split('/').pop()!
    await page.getByTestId('questionnaire-builder').waitFor()

    // Questionnaire: a yes/no question and a repeating group (its first inner question is text).
    await choose('page-0-new-type', 'Да/нет')
    await page.getByTestId('page-0-add-question').click()
    await choose('page-0-new-type', 'Повторяющаяся группа')
    await page.getByTestId('page-0-add-question').click()
    await expect.poll(() => page.locator('[data-testid^="q-0-"][data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['flag1', 'group1'])
    await saved()

    // Body: three paragraphs, a token naming a question that does not exist yet.
    const body = page.getByTestId('body-editor')
    await body.click()
    await page.keyboard.type('Арендатор: ')
    await page.getByTestId('tool-field').click()
    await field(page, 'field-key-text').fill('tenantName')
    await page.getByTestId('field-insert').click()
    await page.getByTestId('field-dialog').waitFor({ state: 'detached' })
    await page.keyboard.press('Enter')
    await page.keyboard.type('Залог предусмотрен.')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Позиция ')

    // The second paragraph becomes a clause on the yes/no question.
    await body.getByText('Залог предусмотрен.').click()
    await page.getByTestId('tool-clause').click()
    await page.getByTestId('clause-add-rule').click()
    await page.getByTestId('clause-apply').click()
    await page.getByTestId('clause-dialog').waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('body-clause-condition').textContent()).toMatch(/Новый вопрос = да/)

    // The third is repeated per item of the group, with the item's number and text.
    await body.getByText('Позиция').click()
    await page.getByTestId('tool-repeat').click()
    await page.getByTestId('repeat-apply').click()
    await page.getByTestId('repeat-dialog').waitFor({ state: 'detached' })
    await page.getByTestId('body-repeat').waitFor()
    await page.getByTestId('body-repeat').getByText('Позиция').click()
    await page.keyboard.press('End')
    await page.getByTestId('tool-field').click()
    await field(page, 'field-key-text').fill('item')
    await page.getByTestId('field-insert').click()
    await saved()

    // Publishing refuses: the token names no question; the problem is listed in Russian.
    await page.getByTestId('publish').click()
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('tenantName')
    await expect.poll(() => page.getByTestId('problem').first().textContent()).toMatch(/такого вопроса/)
    await saveScreenshot(page, 'constructor-editor-problems-1366x900.png')

    // The fix: a text question with that key.
    await choose('page-0-new-type', 'Строка')
    await page.getByTestId('page-0-add-question').click()
    await page.getByTestId('q-0-2-toggle').click()
    await field(page, 'q-0-2-key').fill('tenantName')
    await saved()
    await page.getByTestId('publish').click()
    await expect.poll(() => page.getByTestId('published').textContent()).toMatch(/версия 1/i)
    await expect.poll(() => page.getByTestId('version').count()).toBe(1)
    await expect.poll(() => page.getByTestId('preview').textContent()).toContain('Арендатор')
    await saveScreenshot(page, 'constructor-editor-1366x900.png')

    // What was stored is the template format, with every node the lawyer made.
    const { rows } = await app.sql.query(`SELECT t.body, v.number FROM templates t JOIN template_versions v ON v.template_id = t.id WHERE t.id = $1`, [templateId])
    expect(rows.map((r) => r.number)).toEqual([1])
    const stored = ZTemplateBodySchema.parse(rows[0].body) as TTemplateBody
    const json = JSON.stringify(stored)
    for (const part of ['"type":"clause"', '"type":"repeat"', '"group":"group1"', '"key":"tenantName"', '"key":"item"', '"key":"flag1"']) expect(json).toContain(part)

    // A phone: the three panes are tabs.
    await page.setViewportSize(PHONE)
    await page.getByTestId('editor-tabs').getByRole('button', { name: 'Вопросы' }).click()
    await page.getByTestId('questionnaire-builder').waitFor({ state: 'visible' })
    await saveScreenshot(page, 'constructor-editor-390x844.png')
    await page.setViewportSize({ width: 1366, height: 900 })
  })

  it('loads every node of the lease template into TipTap and emits the same JSON', async () => {
    const login = await fetch(`${app.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: LAWYER, password: PASSWORD }) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const res = await fetch(`${app.server.url}/api/document/templates/${templateId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    await page.reload()
    await page.getByTestId('body-field').first().waitFor()
    const raw = await page.evaluate(() => (document.querySelector('.ProseMirror') as unknown as { editor: { getJSON(): unknown } }).editor.getJSON())
    const emitted = editorJsonToBody(raw)
    expect(ZTemplateBodySchema.parse(emitted)).toEqual(emitted)
    expect(emitted).toEqual(leaseBody)
    // The editor with the whole lease open: no serious or critical axe violation.
    expect(await seriousAxeViolations(page)).toEqual([])
    // Field chips show the question's label.
    expect(await page.locator('[data-testid="body-field"][data-key="landlord.name"]').first().textContent()).toContain('Арендодатель')
  })
})
