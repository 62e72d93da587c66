// The bundled packs are valid, every anchor in them is proven by at least one replica
// (the refined-github rule: no selector without a fixture), and bad packs are refused.
import { describe, expect, it } from 'vitest';
import { isValidCss } from '@/content-scripts/anchors';
import { META_ANCHORS, META_STRINGS, metaPack } from '@/content-scripts/meta/pack';
import { ZALO_ANCHORS, ZALO_STRINGS, zaloPack } from '@/content-scripts/zalo/pack';
import { checkPack, isNewerPack } from '@/core/selector-pack';
import { loadFixture } from './fixture-dom';

const metaNeed = { platform: 'meta' as const, anchors: META_ANCHORS, strings: META_STRINGS };
const zaloNeed = { platform: 'zalo' as const, anchors: ZALO_ANCHORS, strings: ZALO_STRINGS };

const FIXTURES = {
  meta: [
    'meta/current-en.html',
    'meta/current-vi.html',
    'meta/instagram.html',
    'meta/older-build.html',
  ],
  zalo: [
    'zalo/one-to-one.html',
    'zalo/group.html',
    'zalo/virtualized-offscreen.html',
    'zalo/idle.html',
  ],
};

describe('bundled selector packs', () => {
  it('pass their own validation', () => {
    expect(checkPack(metaPack, metaNeed, isValidCss)).toMatchObject({ ok: true });
    expect(checkPack(zaloPack, zaloNeed, isValidCss)).toMatchObject({ ok: true });
  });

  for (const [site, pack] of [
    ['meta', metaPack],
    ['zalo', zaloPack],
  ] as const) {
    it(`${site}: every anchor matches in at least one replica`, () => {
      const hits = new Map<string, string[]>();
      for (const file of FIXTURES[site]) {
        loadFixture(
          file,
          site === 'meta'
            ? 'https://business.facebook.com/latest/inbox/all'
            : 'https://chat.zalo.me/',
        );
        for (const [anchor, selectors] of Object.entries(pack.anchors)) {
          if (selectors.some((s) => document.querySelector(s.css))) {
            hits.set(anchor, [...(hits.get(anchor) ?? []), file]);
          }
        }
      }
      const unproven = Object.keys(pack.anchors).filter((a) => !hits.has(a));
      expect(unproven).toEqual([]);
    });
  }
});

describe('checkPack', () => {
  it('refuses a pack for the other platform', () => {
    expect(checkPack(zaloPack, metaNeed, isValidCss)).toEqual({
      ok: false,
      error: 'pack is for zalo, not meta',
    });
  });
  it('refuses a pack that lacks an anchor the adapter needs', () => {
    const { headerName: _, ...anchors } = metaPack.anchors;
    expect(checkPack({ ...metaPack, anchors }, metaNeed, isValidCss)).toEqual({
      ok: false,
      error: 'pack lacks anchor "headerName"',
    });
  });
  it('refuses a selector the browser cannot parse', () => {
    const bad = {
      ...metaPack,
      anchors: { ...metaPack.anchors, headerName: [{ css: 'div[[', serves: 'x' }] },
    };
    expect(checkPack(bad, metaNeed, isValidCss)).toEqual({
      ok: false,
      error: 'anchor "headerName": bad selector "div[["',
    });
  });
  it('refuses code and junk: only strings of bounded size', () => {
    expect(
      checkPack(
        { ...metaPack, anchors: { headerName: [{ css: () => 1, serves: '' }] } },
        metaNeed,
        isValidCss,
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('anchors.headerName.0.css'),
    });
    expect(checkPack({ ...metaPack, version: 'latest' }, metaNeed, isValidCss)).toMatchObject({
      ok: false,
      error: 'invalid pack at version',
    });
    expect(checkPack(null, metaNeed, isValidCss)).toMatchObject({ ok: false });
  });
  it('orders versions by date then build', () => {
    expect(isNewerPack('2026.12.01', '2026.11.23')).toBe(true);
    expect(isNewerPack('2026.11.23-2', '2026.11.23')).toBe(true);
    expect(isNewerPack('2026.11.23', '2026.11.23-1')).toBe(false);
    expect(isNewerPack('2026.11.01', '2026.11.23')).toBe(false);
  });
});
