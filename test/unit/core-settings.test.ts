import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOGNITION_SETTINGS,
  parseRecognitionSettings,
  recognitionSettings,
} from '@/core/settings';

describe('recognition settings', () => {
  it('fills missing fields with the defaults', () => {
    expect(parseRecognitionSettings(undefined)).toEqual({
      ok: true,
      settings: DEFAULT_RECOGNITION_SETTINGS,
    });
    const r = parseRecognitionSettings({ lapsedAfterDays: 60 });
    expect(r).toEqual({
      ok: true,
      settings: { ...DEFAULT_RECOGNITION_SETTINGS, lapsedAfterDays: 60 },
    });
  });

  it('rejects bad values, naming each field', () => {
    const r = parseRecognitionSettings({
      lapsedAfterDays: 0,
      vipMinRfmScore: 16,
      vipMinRecencyScore: 2.5,
      rfmMinCustomers: '20',
      vipLabels: ['VIP', ''],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field).sort();
    expect(fields).toEqual([
      'lapsedAfterDays',
      'rfmMinCustomers',
      'vipLabels.1',
      'vipMinRecencyScore',
      'vipMinRfmScore',
    ]);
    for (const issue of r.issues) expect(issue.message).toContain(issue.field.split('.')[0]);
    expect(r.issues.find((i) => i.field === 'lapsedAfterDays')!.message).toBe(
      'lapsedAfterDays must be at least 1',
    );
  });

  it('rejects unknown fields (a typo must not be silently ignored)', () => {
    const r = parseRecognitionSettings({ lapsedDays: 30 });
    expect(r).toEqual({
      ok: false,
      issues: [{ field: 'lapsedDays', message: 'lapsedDays is not a setting' }],
    });
  });

  it('rejects a non-object', () => {
    expect(parseRecognitionSettings(42).ok).toBe(false);
    expect(parseRecognitionSettings([]).ok).toBe(false);
  });

  it('throws one error listing the bad fields from recognitionSettings()', () => {
    expect(() => recognitionSettings({ lapsedAfterDays: -1 })).toThrow(/lapsedAfterDays/);
    expect(recognitionSettings({ vipLabels: [' Khách VIP '] }).vipLabels).toEqual(['Khách VIP']);
  });
});
