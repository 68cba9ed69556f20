import { describe, expect, it } from '@jest/globals';
import { parseQuery } from '../../../enrich/retrieval/query-mentions.js';

describe('parseQuery', () => {
  it('finds backticked, dotted, called and code-cased names', () => {
    const query = parseQuery({ title: 'feat: add `Reply.prototype.mediaType`', description: 'Call getHeader() from ContentTypeParser; keep MAX_BODY_SIZE and _private, not Plain words.' });
    expect(query.identifiers).toEqual(['ContentTypeParser', 'MAX_BODY_SIZE', 'Reply', '_private', 'getHeader', 'mediaType', 'prototype']);
  });

  it('weighs title terms fully, description terms half, and saturates repeats', () => {
    const query = parseQuery({ title: 'fix hooks', description: 'hooks hooks hooks route' });
    expect(query.terms.get('fix')).toBe(1);
    expect(query.terms.get('route')).toBe(0.5);
    expect(query.terms.get('hook')).toBeCloseTo(1 + Math.log(2.5), 10);
  });

  it('lists words for file-name matching without case, `-` or `_`, camelCase also as kebab', () => {
    const query = parseQuery({ title: 'fix(content-type): contentTypeParser and error_handler' });
    expect(query.words.has('contenttype')).toBe(true);
    expect(query.words.has('contenttypeparser')).toBe(true);
    expect(query.words.has('errorhandler')).toBe(true);
  });

  it('reads the conventional-commit scopes of the title only', () => {
    expect(parseQuery({ title: 'fix(module-runner, Core)!: x', description: 'feat(other): y' }).scopes).toEqual(['core', 'modulerunner']);
    expect(parseQuery({ title: 'fix: no scope' }).scopes).toEqual([]);
    expect(parseQuery({ title: 'Revert "fix(a): b"' }).scopes).toEqual([]);
  });
});
