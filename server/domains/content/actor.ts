/** Who edits: the user id recorded as author of drafts, versions and schedules. */
export interface TContentActor {
  userId: string
}
