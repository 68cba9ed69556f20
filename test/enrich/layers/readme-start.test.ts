import { describe, expect, it } from '@jest/globals';
import { readmeStart } from '../../../enrich/layers/readme-start.js';

describe('readmeStart', () => {
  it('keeps the title, intro and first two ## sections of markdown', () => {
    const text = '# Tool\n\nIntro.\n\n## Install\n\nnpm i\n\n### Sub\n\nmore\n\n## Use\n\nrun it\n\n## API\n\nlong reference\n\n## License\n\nMIT\n';
    expect(readmeStart(text, 'README.md')).toBe('# Tool\n\nIntro.\n\n## Install\n\nnpm i\n\n### Sub\n\nmore\n\n## Use\n\nrun it');
  });

  it('ignores ## lines inside code blocks', () => {
    const text = '# T\n\n## One\n\n```sh\n## not a heading\n```\n\n## Two\n\n~~~\n## nor this\n~~~\n\n## Three\n';
    expect(readmeStart(text, 'README')).toBe('# T\n\n## One\n\n```sh\n## not a heading\n```\n\n## Two\n\n~~~\n## nor this\n~~~');
  });

  it('keeps the whole of a README with fewer sections, and an empty one empty', () => {
    expect(readmeStart('# Only a title\n\nand text\n', 'readme.md')).toBe('# Only a title\n\nand text');
    expect(readmeStart('', 'README.md')).toBe('');
  });

  it('reads reStructuredText sections under the title', () => {
    const text = ['=====', 'Title', '=====', '', 'Intro.', '', 'Install', '-------', '', 'pip', '', 'Usage', '-----', '', 'run', '', 'Reference', '---------', '', 'long'].join('\n');
    expect(readmeStart(text, 'README.rst')).toBe(['=====', 'Title', '=====', '', 'Intro.', '', 'Install', '-------', '', 'pip', '', 'Usage', '-----', '', 'run'].join('\n'));
  });
});
