/**
 * Quotes in the client's history: their audit entries (created, new version, sent, accepted,
 * refused) carry the client's id, and show to those who read orders in their row scope — a
 * partner, for its own clients only.
 */
import { registerAuditKinds } from '../clients/timeline.ts';

registerAuditKinds(['quote'], { module: 'orders' });
