module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'local-pipeline',
  rootDir: __dirname,
};
