import { describe, expect, it } from '@jest/globals';
import { baselineTokenize, rankWithBaseline } from '../../../bench/localize/bm25-baseline.js';

describe('baselineTokenize', () => {
  it('splits camelCase and snake_case, keeps the whole identifier, drops stopwords', () => {
    expect(baselineTokenize('the getHTTPHeader of content_type')).toEqual(['get', 'http', 'header', 'gethttpheader', 'content', 'type', 'content_type']);
  });
});

describe('rankWithBaseline', () => {
  const files = [
    { path: 'lib/reply.js', text: 'function send (payload) { serialize(payload) }' },
    { path: 'lib/route.js', text: 'function prefix (url) { return url }' },
    { path: 'lib/hooks.js', text: 'function onSend () {}' },
  ];

  it('ranks files by BM25 over path and content, leaving out files matching nothing', () => {
    expect(rankWithBaseline(files, 'route prefix url')).toEqual(['lib/route.js']);
    expect(rankWithBaseline(files, 'reply send')[0]).toBe('lib/reply.js');
  });

  it('breaks score ties by path', () => {
    const twins = [
      { path: 'b.js', text: 'same words' },
      { path: 'a.js', text: 'same words' },
    ];
    expect(rankWithBaseline(twins, 'same')).toEqual(['a.js', 'b.js']);
  });
});
