import { describe, expect, it } from 'vitest';
import { confusableRepeats, labelSkeleton, labelsLookAlike, normalizeBody, normalizeLabel } from './index.js';

const RLO = '\u202E';
const PDF = '\u202C';

describe('normalizeLabel', () => {
  it('removes bidi controls, so a name cannot reverse the text beside it', () => {
    expect(normalizeLabel(`${RLO}Mallory${PDF}`)).toBe('Mallory');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect({ control: control.codePointAt(0)!.toString(16), label: normalizeLabel(`Ana${control}ïs`) }).toEqual({
        control: control.codePointAt(0)!.toString(16),
        label: 'Anaïs',
      });
    }
  });

  it('removes zero-width and other invisible characters', () => {
    for (const invisible of ['\u200B', '\u200C', '\u200D', '\u2060', '\u2061', '\u2064', '\uFEFF', '\u00AD', '\u180E', '\u3164', '\u115F', '\u034F', '\uFE0F', '\u{E0041}']) {
      expect({ invisible: invisible.codePointAt(0)!.toString(16), label: normalizeLabel(`Ye${invisible}s`) }).toEqual({
        invisible: invisible.codePointAt(0)!.toString(16),
        label: 'Yes',
      });
    }
    // A name made only of fillers is empty: the caller refuses it or falls back.
    expect(normalizeLabel('\u3164\u200B ')).toBe('');
    // Lone surrogates are not text.
    expect(normalizeLabel('a\uD800b')).toBe('ab');
  });

  it('keeps what emoji sequences need', () => {
    expect(normalizeLabel('👩‍💻 Dev')).toBe('👩‍💻 Dev');
    expect(normalizeLabel('👩🏽‍💻')).toBe('👩🏽‍💻');
    expect(normalizeLabel('❤️ Yes')).toBe('❤️ Yes');
    expect(normalizeLabel('1️⃣ first')).toBe('1️⃣ first');
    expect(normalizeLabel('🏳️‍🌈')).toBe('🏳️‍🌈');
  });

  it('composes (NFC), collapses white space and control characters, trims', () => {
    expect(normalizeLabel('Re\u0301sume\u0301')).toBe('Résumé');
    expect(normalizeLabel(' yes ')).toBe('yes');
    expect(normalizeLabel('a\n\tb\u0000c\u2028d\u00A0\u00A0e')).toBe('a b c d e');
    // Removing a control between a letter and its accent still composes.
    expect(normalizeLabel('e\u200B\u0301')).toBe('é');
  });
});

describe('normalizeBody', () => {
  it('drops embeddings and overrides only, keeping lines, isolates and marks', () => {
    expect(normalizeBody(`Line 1\n${RLO}gnp.exe${PDF}\n\u2067עברית\u2069 \u200Fok`)).toBe('Line 1\ngnp.exe\n\u2067עברית\u2069 \u200Fok');
    expect(normalizeBody('Cafe\u0301 **bold**')).toBe('Café **bold**');
  });
});

describe('labelSkeleton', () => {
  it('gives look-alike labels one skeleton', () => {
    const yes = labelSkeleton('Yes');
    for (const label of ['Yes', 'Yes\u200B', 'Ye\u0455', 'ＹＥＳ', ' yes ', 'YES', 'Y\u0435s', `${RLO}Yes${PDF}`, 'Υes']) {
      expect({ label, same: labelSkeleton(label) === yes }).toEqual({ label, same: true });
    }
    expect(labelSkeleton('Раураl')).toBe(labelSkeleton('PayPal'));
    expect(labelSkeleton('0ption')).toBe(labelSkeleton('Option'));
    expect(labelSkeleton('Straße')).toBe(labelSkeleton('STRASSE'));
    // Greek capital Iota and Latin capital I both look like a small L.
    expect(labelSkeleton('\u0399t')).toBe(labelSkeleton('It'));
  });

  it('with labelsLookAlike, also ignores case where Unicode maps a capital apart', () => {
    expect(labelsLookAlike('It works', 'it works')).toBe(true);
    expect(labelsLookAlike('ＮＯ', 'no')).toBe(true);
    expect(labelsLookAlike('Mail', 'Mall')).toBe(false);
  });

  it('keeps different labels apart', () => {
    expect(labelSkeleton('Yes')).not.toBe(labelSkeleton('No'));
    expect(labelSkeleton('Résumé')).not.toBe(labelSkeleton('Resume'));
    expect(labelSkeleton('Pêche')).not.toBe(labelSkeleton('Péché'));
    expect(labelSkeleton('Yes')).not.toBe(labelSkeleton('Ye s'));
  });
});

describe('confusableRepeats', () => {
  it('names each repeat and the earlier label it looks like', () => {
    expect(confusableRepeats(['Yes', 'No', 'Ye\u0455', 'Maybe', 'ＮＯ'])).toEqual([
      [2, 0],
      [4, 1],
    ]);
    expect(confusableRepeats(['Yes', 'No', 'Maybe'])).toEqual([]);
    expect(confusableRepeats(['It', 'Ιt', 'it'])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(confusableRepeats(['', '\u200B', 'a'])).toEqual([]);
  });
});
