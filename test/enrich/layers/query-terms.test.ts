import { describe, expect, it } from '@jest/globals';
import { extractQueryTerms, normalizeTerm } from '../../../enrich/layers/query-terms.js';
import { splitIdentifier } from '../../../enrich/retrieval/split-words.js';

describe('splitIdentifier', () => {
  it('splits camelCase, acronyms, snake_case, kebab-case and punctuation', () => {
    expect(splitIdentifier('HTTPServer_error-code')).toEqual(['http', 'server', 'error', 'code']);
    expect(splitIdentifier('composePrompt(parts)')).toEqual(['compose', 'prompt', 'parts']);
    expect(splitIdentifier('parseJSONBody v2Api')).toEqual(['parse', 'json', 'body', 'v2', 'api']);
  });
});

describe('normalizeTerm', () => {
  it('lower-cases and drops a plural s, but not from short words or -ss', () => {
    expect(normalizeTerm('Prompts')).toBe('prompt');
    expect(normalizeTerm('class')).toBe('class');
    expect(normalizeTerm('its')).toBe('its');
  });
});

describe('extractQueryTerms', () => {
  it('gives identifiers as written first, then the words, without stop words or short words', () => {
    const terms = extractQueryTerms({
      title: 'Fix the token budget in `composePrompt`',
      description: 'When the README is huge, read_project_context in enrich/project-context.ts should cut it. See e.g. the docs.',
    });
    expect(terms).toEqual([
      'composePrompt',
      'read_project_context',
      'enrich/project-context.ts',
      'token',
      'budget',
      'compose',
      'prompt',
      'readme',
      'huge',
      'read',
      'project',
      'context',
      'enrich',
      'cut',
      'docs',
    ]);
  });

  it('is deterministic and keeps each term once, case-insensitively', () => {
    const query = { title: 'Budget budget BUDGET `Budget`', description: 'budget' };
    expect(extractQueryTerms(query)).toEqual(['Budget']);
    expect(extractQueryTerms(query)).toEqual(extractQueryTerms(query));
  });

  it('gives nothing for empty or stop-word-only text, and caps the count', () => {
    expect(extractQueryTerms({ title: '' })).toEqual([]);
    expect(extractQueryTerms({ title: 'add it to the', description: 'a an 42 1234' })).toEqual([]);
    const many = Array.from({ length: 100 }, (_, i) => `word${i}x`).join(' ');
    expect(extractQueryTerms({ title: many }, 10)).toHaveLength(10);
  });

  it('keeps words in other scripts', () => {
    expect(extractQueryTerms({ title: 'Größe der Datei prüfen' })).toEqual(['größe', 'der', 'datei', 'prüfen']);
  });
});
