// Adopts a newer selector pack from the background (served by the team server), so a host
// site change can be fixed without a store release. The bundled pack stays in use when
// there is none, or when the served one fails validation. The background checked the
// served pack's shape (storage/selector-packs.ts); here, what only the page can check.
import { checkPackNeeds, isNewerPack, type PackNeed } from '@/core/pack-needs';
import type { SelectorPack } from '@/core/selector-pack';
import { sendMessage } from '@/utils/messaging';
import { isValidCss } from './anchors';

export async function adoptServedPack(
  bundled: SelectorPack,
  need: PackNeed,
  use: (pack: SelectorPack) => void,
): Promise<string> {
  let served: unknown;
  try {
    served = await sendMessage('getSelectorPack', { platform: need.platform });
  } catch {
    return bundled.version; // The background is unreachable: keep what we ship.
  }
  if (!served) return bundled.version;
  const check = checkPackNeeds(served, need, isValidCss);
  if (!check.ok) {
    console.warn(`[Khách Quen] served selector pack ignored: ${check.error}`);
    return bundled.version;
  }
  if (!isNewerPack(check.pack.version, bundled.version)) return bundled.version;
  use(check.pack);
  return check.pack.version;
}
