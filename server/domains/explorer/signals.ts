import { triggerQuietly } from '../../realtime/publish'
import { FILE_CHANGED_EVENT } from '../../../shared/explorer'

/**
 * Tells the workspace's open pages that a file changed (scanned, signed, moved ...), after
 * the change committed. A lost signal costs only freshness: the page re-reads on its next load.
 */
export function notifyFileChanged(workspaceId: string, fileId: string, change: 'scanned' | 'signed' | 'updated' | 'trashed' | 'restored' | 'deleted'): void {
  void triggerQuietly(`private-workspace-${workspaceId}`, FILE_CHANGED_EVENT, { fileId, change })
}
