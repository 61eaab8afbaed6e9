import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'workspace',
  description: 'Company workspaces, members, groups, invitations and activated modules.',
  owns: ['workspaces', 'workspace_members', 'workspace_groups', 'workspace_group_members', 'workspace_invites', 'workspace_modules'],
})
