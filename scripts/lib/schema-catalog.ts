import pg from 'pg'

/**
 * A comparable description of a PostgreSQL schema (tables, columns, constraints,
 * indexes, enums), used to prove that the database our migrations build is the
 * database the Prisma schema describes.
 */
export interface TCatalog {
  columns: string[]
  constraints: string[]
  indexes: string[]
  enums: string[]
}

const IGNORED_TABLES = new Set(['_migrations', '_prisma_migrations'])

export async function readCatalog(url: string): Promise<TCatalog> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const columns = await client.query<{ line: string; table_name: string }>(`
      SELECT table_name, table_name || '.' || column_name || ' ' || udt_name ||
        coalesce('(' || character_maximum_length || ')', '') ||
        CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END ||
        coalesce(' default ' || column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'`)
    const constraints = await client.query<{ line: string; table_name: string }>(`
      SELECT c.conrelid::regclass::text AS table_name,
        c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p','u','f','c','x')`)
    const indexes = await client.query<{ line: string; table_name: string }>(`
      SELECT tablename AS table_name, indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`)
    const enums = await client.query<{ line: string }>(`
      SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`)
    const keep = (rows: { line: string; table_name: string }[]) =>
      rows.filter((r) => !IGNORED_TABLES.has(r.table_name.replaceAll('"', ''))).map((r) => r.line).sort()
    return {
      columns: keep(columns.rows),
      constraints: keep(constraints.rows),
      indexes: keep(indexes.rows),
      enums: enums.rows.map((r) => r.line).sort(),
    }
  } finally {
    await client.end()
  }
}

/** Lines present in one catalog and not the other, labelled by side. */
export function diffCatalogs(migrated: TCatalog, fromSchema: TCatalog): string[] {
  const out: string[] = []
  for (const key of ['columns', 'constraints', 'indexes', 'enums'] as const) {
    const a = new Set(migrated[key])
    const b = new Set(fromSchema[key])
    for (const l of a) if (!b.has(l)) out.push(`only in migrations: ${key}: ${l}`)
    for (const l of b) if (!a.has(l)) out.push(`only in prisma schema: ${key}: ${l}`)
  }
  return out
}
