import { triggerQuietly } from '../../realtime/publish'
import { CARD_CHANGED_EVENT } from '../../../shared/registry'

/**
 * Tells the workspace's open registry pages that a card changed, after the change committed.
 * A lost signal costs only freshness: the page reads the card again when opened.
 */
export function notifyCardChanged(card: { id: string; workspaceId: string }): void {
  void triggerQuietly(`private-workspace-${card.workspaceId}`, CARD_CHANGED_EVENT, { cardId: card.id })
}
