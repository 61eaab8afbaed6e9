/**
 * How the audit pages show an entry's `diff`: which fields they name, in what words
 * (locale keys history.fields.<key> and, for values, history.values.<key>.<value>),
 * and which fields a region never has. Pure so the rules are unit-tested
 * (test/unit/history-fields.test.ts) and the same on the server and in the browser.
 */

/** Every key a domain writes into an audit diff; each has a label in every locale. */
export const AUDIT_DIFF_FIELDS = [
  'name',
  'locale',
  'iin',
  'inn',
  'bin',
  'ogrn',
  'phone',
  'email',
  'roles',
  'role',
  'status',
  'sessionsEnded',
  'members',
  'inviteId',
  'companyVerification',
  'version',
  'publishAt',
  'scheduled',
] as const

/** Values shown by a translated word rather than as written: key → locale prefix. */
export const AUDIT_VALUE_LABELS: Record<string, string> = {
  role: 'workspace.roles',
  roles: 'roles',
  status: 'admin.users.status',
  locale: 'profile.languages',
  companyVerification: 'history.verificationStates',
}

/**
 * Identity numbers of the other region: a Kazakh company has no INN or OGRN, a Russian
 * one no BIN or IIN. An entry written with them empty (workspace.create records all
 * requisites) would otherwise show "INN: —" on the Kazakhstan site.
 */
export const FOREIGN_FIELDS: Record<'kz' | 'ru', readonly string[]> = {
  kz: ['inn', 'ogrn'],
  ru: ['iin', 'bin'],
}

export type TDiffRow =
  | { key: string; kind: 'changed' }
  | { key: string; kind: 'fromTo'; from: unknown; to: unknown }
  | { key: string; kind: 'value'; value: unknown }

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)

/** The rows of one diff, in its order, without the other region's empty identity numbers. */
export function auditDiffRows(diff: unknown, region: 'kz' | 'ru'): TDiffRow[] {
  if (!diff || typeof diff !== 'object' || Array.isArray(diff)) return []
  const foreign = FOREIGN_FIELDS[region]
  const rows: TDiffRow[] = []
  for (const [key, v] of Object.entries(diff as Record<string, unknown>)) {
    let row: TDiffRow
    if (v && typeof v === 'object' && !Array.isArray(v) && 'changed' in v) row = { key, kind: 'changed' }
    else if (v && typeof v === 'object' && !Array.isArray(v) && ('from' in v || 'to' in v)) {
      const { from, to } = v as { from?: unknown; to?: unknown }
      row = { key, kind: 'fromTo', from, to }
    } else row = { key, kind: 'value', value: v }
    // A number the other region uses is shown only if it was really set (it never is).
    if (foreign.includes(key) && (row.kind === 'value' ? empty(row.value) : row.kind === 'fromTo' && empty(row.from) && empty(row.to))) continue
    rows.push(row)
  }
  return rows
}
