// custom-elements.json is generated from the classes' JSDoc (@summary, @slot,
// @csspart, @cssproperty, @event) so IDEs and Storybook see the elements' API.
// The base class is read too, so that what every element inherits from it
// (the `client` property) is listed with each element: scripts/framework-types.mjs
// builds the React and Vue types from this file.
export default {
  // EcoElement too, so that every element lists the properties it inherits (`client`).
  globs: ['src/**/*.component.ts', 'src/base/eco-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/_*.ts'],
  outdir: '.',
  litelement: true,
};
