// custom-elements.json is generated from the classes' JSDoc (@summary, @slot,
// @csspart, @cssproperty, @event) so IDEs and Storybook see the elements' API.
export default {
  globs: ['src/**/*.component.ts', 'src/base/eco-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/_*.ts'],
  outdir: '.',
  litelement: true,
};
