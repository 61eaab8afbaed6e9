import { createHash, randomBytes } from 'node:crypto'

/**
 * A link that is a key (a workspace invitation, a signing party's page): 32 random bytes in
 * base64url go into the link; the table keeps only their SHA-256, so its rows open nothing.
 */
export const newLinkToken = (): string => randomBytes(32).toString('base64url')

/** What the table stores and looks a link's token up by: the hex SHA-256 of the token. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex')
