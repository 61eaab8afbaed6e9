// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { workspaceAccess, isWorkspaceMember, mayBuyForCompany, isModuleActive, assertModuleActive, type TWorkspaceContext } from './access'
export {
  ensurePersonalWorkspace,
  createCompanyWorkspace,
  listMyWorkspaces,
  updateWorkspace,
  toWorkspaceView,
  assertCompanyMayAct,
  companyTaxId,
} from './workspaces'
export { listMembers, changeMemberRole, removeMember } from './members'
export { seatsOf } from './seats'
export { issueVerificationChallenge, verifyBySignature } from './verify-by-signature'
export { createInvite, listInvites, revokeInvite, acceptInvite, previewInvite, type TInviteInput, type TInviteCreated } from './invites'
export { listGroups, createGroup, deleteGroup, setGroupMembers } from './groups'
export { listModules, activateModule, deactivateModule } from './modules'
export type { TActor } from './actor'
export {
  WORKSPACE_ROLES,
  MODULES,
  ROLE_RANK,
  roleAtLeast,
  ZWorkspaceRoleSchema,
  ZModuleSchema,
  ZCreateWorkspaceSchema,
  ZUpdateWorkspaceSchema,
  ZWorkspaceViewSchema,
  ZMemberViewSchema,
  ZInviteViewSchema,
  ZGroupViewSchema,
  ZModuleViewSchema,
  ZInvitePreviewSchema,
  ZCompanyVerificationSchema,
  type TWorkspaceRole,
  type TModule,
  type TCreateWorkspaceInput,
  type TUpdateWorkspaceInput,
  type TWorkspaceView,
  type TMemberView,
  type TInviteView,
  type TGroupView,
  type TModuleView,
  type TInvitePreview,
  type TCompanyVerification,
} from '../../../shared/workspace'
