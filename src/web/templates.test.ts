import path from 'node:path';
import { absoluteIncludes } from './templates';

describe('absoluteIncludes', () => {
  const file = path.join('/srv/app/views/pages/apply', 'step3.ejs');
  it('rewrites relative includes to the absolute path of the file they name', () => {
    expect(absoluteIncludes(`<%- include('../../partials/field', { name: 'x' }) %>`, file))
      .toBe(`<%- include('/srv/app/views/partials/field', { name: 'x' }) %>`);
    expect(absoluteIncludes('<%- include("sheet") %>', file)).toBe('<%- include("/srv/app/views/pages/apply/sheet") %>');
  });
  it('leaves absolute includes, computed names and other text alone', () => {
    const same = `<%- include('/abs/x') %> <%- include(name) %> <p>include('a') is text</p>`;
    expect(absoluteIncludes(same, file)).toBe(same);
  });
});
