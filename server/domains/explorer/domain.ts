import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'explorer',
  description: 'Folders, files, versions, sharing, signatures on files, antivirus status.',
  owns: ['folders', 'files', 'file_versions', 'file_signatures', 'signing_requests', 'signing_parties'],
})
