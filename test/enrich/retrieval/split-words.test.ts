import { describe, expect, it } from '@jest/globals';
import { pathTerms, phraseCounts, splitIdentifier, stem, termCounts, termsOf } from '../../../enrich/retrieval/split-words.js';

describe('splitIdentifier', () => {
  it.each([
    ['mediaType', ['media', 'type']],
    ['parseHTTPHeader2', ['parse', 'http', 'header2']],
    ['snake_case_name', ['snake', 'case', 'name']],
    ['content-type', ['content', 'type']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
    ['$scope', ['scope']],
  ])('%s → %j', (word, parts) => {
    expect(splitIdentifier(word)).toEqual(parts);
  });
});

describe('stem', () => {
  it.each([
    ['hooks', 'hook'],
    ['parsed', 'pars'],
    ['parses', 'parse'],
    ['parsing', 'pars'],
    ['entries', 'entry'],
    ['status', 'status'],
    ['class', 'class'],
    ['ts', 'ts'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('termsOf', () => {
  it('gives the stemmed parts of identifiers plus the whole compound, without stopwords and digits', () => {
    expect(termsOf('Add the `Reply.prototype.mediaType` getter for 2 replies')).toEqual(['add', 'reply', 'prototype', 'media', 'type', 'mediatype', 'getter', 'reply']);
  });

  it('joins kebab-case words into one compound too', () => {
    expect(termsOf('fix(content-type): x')).toEqual(['fix', 'content', 'type', 'contenttype']);
  });

  it('counts repeats', () => {
    expect(termCounts('hook hooks Hook')).toEqual(new Map([['hook', 3]]));
  });
});

describe('pathTerms', () => {
  it('splits folders and the name, dropping the extension(s)', () => {
    expect(pathTerms('lib/content-type-parser.js')).toEqual(['lib', 'content', 'type', 'parser', 'contenttypeparser']);
    expect(pathTerms('types/instance.d.ts')).toEqual(['type', 'instance']);
    expect(pathTerms('src/query-builder/SelectQueryBuilder.ts')).toEqual(['src', 'query', 'builder', 'querybuilder', 'select', 'query', 'builder', 'selectquerybuilder']);
  });
});

describe('phraseCounts', () => {
  it('counts adjacent stemmed words across identifiers and punctuation, skipping stopwords', () => {
    expect(phraseCounts('Fastify instance is already listening; reply.mediaType')).toEqual(
      new Map([
        ['fastify_instance', 1],
        ['instance_already', 1],
        ['already_listen', 1],
        ['listen_reply', 1],
        ['reply_media', 1],
        ['media_type', 1],
      ]),
    );
    expect(phraseCounts('media type, mediaType')).toEqual(
      new Map([
        ['media_type', 2],
        ['type_media', 1],
      ]),
    );
    expect(phraseCounts('one')).toEqual(new Map());
  });
});
