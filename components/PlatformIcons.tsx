import { type Locale, t } from '@/core/i18n';
import type { Platform } from '@/core/snapshot';

// Small marks in each platform's own colour (white on them meets AA contrast); the name is
// the accessible label and the tooltip.
const MARK: Record<Platform, { glyph: string; bg: string }> = {
  messenger: { glyph: 'M', bg: '#0a5dd6' },
  instagram: { glyph: 'IG', bg: '#b1236c' },
  zalo: { glyph: 'Z', bg: '#005ae0' },
};

/** The platforms the customer is known on. */
export function PlatformIcons(props: { platforms: Platform[]; locale: Locale }) {
  return (
    <span data-testid="kq-platforms" class="inline-flex items-center gap-1">
      {props.platforms.map((p) => {
        const name = t(props.locale, `platform.${p}`);
        return (
          <span
            key={p}
            role="img"
            aria-label={name}
            title={name}
            data-platform={p}
            class="inline-flex h-4 min-w-4 items-center justify-center rounded px-0.5 font-sans text-[9px] font-bold leading-none text-white"
            style={{ background: MARK[p].bg }}
          >
            {MARK[p].glyph}
          </span>
        );
      })}
    </span>
  );
}
