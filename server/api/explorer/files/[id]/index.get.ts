import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { getFile, ZFileDetailSchema } from '../../../../domains/explorer'

export default defineApiRoute(
  {
    summary: 'A file with its versions and signatures',
    description: 'Members of its workspace only (404 otherwise). `can` says what the caller may do with it now.',
    tags: ['explorer'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: ZFileDetailSchema,
  },
  async (event, { params, auth }) => getFile(auth, requestMeta(event), params.id),
)
