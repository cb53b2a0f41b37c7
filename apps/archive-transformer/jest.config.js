module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'archive-transformer',
  rootDir: __dirname,
};
